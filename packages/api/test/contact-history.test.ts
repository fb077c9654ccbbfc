import { HistoryPage } from "@contacts/contracts";
import { queryRows } from "@contacts/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { badRequestPaths, expectTRPCError } from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §6 contact.history: newest first, paged, one entry per effective update. */

const h = useHarness();

describe("contact.history", () => {
  it("lists entries newest first, one per effective update", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    for (let i = 1; i <= 5; i++) await caller.contact.update({ id: c.id, data: { strategy: `step ${i}` } });
    await caller.contact.update({ id: c.id, data: { strategy: "step 5" } }); // no-op: no entry
    const page = await caller.contact.history({ id: c.id });
    expect(HistoryPage.parse(page)).toEqual(page);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((i) => i.changes.strategy?.to ?? "created")).toEqual([
      "step 5",
      "step 4",
      "step 3",
      "step 2",
      "step 1",
      "created",
    ]);
    const times = page.items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("entry ids are UUIDv7s made by the database from the entry's time, sub-millisecond first", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    await caller.contact.update({ id: c.id, data: { strategy: "one statement" } });
    await caller.contact.update({ id: c.id, data: { tags: ["read", "then write"] } });
    const rows = await queryRows<{ id: string; atMs: string; subMs: number }>(
      h.db,
      sql`select id, floor(extract(epoch from at) * 1000)::bigint::text as "atMs",
                 floor((extract(epoch from at) * 1000 - floor(extract(epoch from at) * 1000)) * 4096)::int as "subMs"
            from contact_history where contact_id = ${c.id} order by id`,
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const hex = row.id.replace(/-/g, "");
      expect(BigInt(`0x${hex.slice(0, 12)}`).toString()).toBe(row.atMs);
      expect(Number.parseInt(hex.slice(13, 16), 16)).toBe(row.subMs);
    }
  });

  it("the newest entry is stamped with the contact's updatedAt", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    const updated = await caller.contact.update({ id: c.id, data: { lastName: "Lovelace" } });
    const [entry] = (await caller.contact.history({ id: c.id })).items;
    expect(Date.parse(entry!.at)).toBe(Date.parse(updated.updatedAt));
  });

  it("pages with limit and cursor: every entry exactly once, in order", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    for (let i = 1; i <= 11; i++) await caller.contact.update({ id: c.id, data: { profilePictureId: i } });
    const all = (await caller.contact.history({ id: c.id, limit: 200 })).items;
    expect(all).toHaveLength(12);

    const paged = [];
    const sizes = [];
    let cursor: string | null = null;
    do {
      const page = await caller.contact.history({ id: c.id, limit: 5, cursor });
      paged.push(...page.items);
      sizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(sizes).toEqual([5, 5, 2]);
    expect(paged).toEqual(all);
    expect(paged.map((e) => e.changes.profilePictureId?.to ?? null)).toEqual([
      11,
      10,
      9,
      8,
      7,
      6,
      5,
      4,
      3,
      2,
      1,
      null,
    ]);
  });

  it("a page that ends the history exactly has no next cursor", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    await caller.contact.update({ id: c.id, data: { lastName: "L" } });
    const page = await caller.contact.history({ id: c.id, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });

  it("limit bounds: 1 and 200 accepted, 0 and 201 BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    await caller.contact.update({ id: c.id, data: { lastName: "L" } });
    const one = await caller.contact.history({ id: c.id, limit: 1 });
    expect(one.items).toHaveLength(1);
    expect(one.nextCursor).not.toBeNull();
    expect((await caller.contact.history({ id: c.id, limit: 200 })).items).toHaveLength(2);
    expect(await badRequestPaths(caller.contact.history({ id: c.id, limit: 0 }))).toEqual([["limit"]]);
    expect(await badRequestPaths(caller.contact.history({ id: c.id, limit: 201 }))).toEqual([["limit"]]);
  });

  it("rejected updates leave no trace", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    await expectTRPCError(caller.contact.update({ id: c.id, data: { firstName: null } }), "BAD_REQUEST");
    await expectTRPCError(
      caller.contact.update({ id: c.id, data: { lastName: "X" }, expectedVersion: 9 }),
      "CONFLICT",
    );
    expect((await caller.contact.history({ id: c.id })).items).toHaveLength(1);
  });

  it("an unknown contact is NOT_FOUND", async () => {
    const { caller } = await h.workspace();
    await expectTRPCError(caller.contact.history({ id: "no-such-contact" }), "NOT_FOUND");
  });

  it("keeps each contact's history apart", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A" });
    const b = await caller.contact.create({ firstName: "B" });
    await caller.contact.update({ id: a.id, data: { lastName: "A2" } });
    expect((await caller.contact.history({ id: a.id })).items).toHaveLength(2);
    expect((await caller.contact.history({ id: b.id })).items).toHaveLength(1);
  });
});
