import { ChangedContactsPage, type ChangeEntry, ChangesPage } from "@contacts/contracts";
import { queryRows } from "@contacts/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { badRequestPaths, expectTRPCError } from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md contact.changes and contact.changedContacts: the workspace's ordered change log. */

const h = useHarness();

type Caller = Awaited<ReturnType<typeof h.workspace>>["caller"];

/** Reads the whole feed after `after`, page by page, as a consumer would. */
async function drain(
  caller: Caller,
  after?: string,
  limit = 7,
): Promise<{ items: ChangeEntry[]; cursor: string }> {
  const items: ChangeEntry[] = [];
  let cursor = after;
  for (;;) {
    const page = await caller.contact.changes({ after: cursor, limit });
    expect(ChangesPage.parse(page)).toEqual(page);
    items.push(...page.items);
    cursor = page.cursor;
    if (!page.hasMore) return { items, cursor };
  }
}

describe("contact.changes", () => {
  it("lists creations and updates in commit order, each with version, actor and { from, to }", async () => {
    const { caller, actor } = await h.workspace();
    const a = await caller.contact.create({ firstName: "Ada", tags: ["LP"] });
    const b = await caller.contact.create({ email: "grace@example.com" });
    await caller.contact.update({ id: a.id, data: { lastName: "Lovelace" } });
    await caller.contact.update({ id: a.id, data: { lastName: "Lovelace" } }); // no-op: no change
    await caller.contact.update({ id: b.id, data: { tags: ["ESG"], email: null, firstName: "Grace" } });

    const { items, cursor } = await drain(caller);
    expect(items.map((c) => [c.type, c.contactId, c.version])).toEqual([
      ["contact.created", a.id, 1],
      ["contact.created", b.id, 1],
      ["contact.updated", a.id, 2],
      ["contact.updated", b.id, 2],
    ]);
    expect(items.map((c) => Number(c.cursor))).toEqual([1, 2, 3, 4]);
    expect(cursor).toBe("4");
    expect(items[0]?.changes).toMatchObject({
      firstName: { from: null, to: "Ada" },
      tags: { from: [], to: ["LP"] },
    });
    expect(items[2]?.changes).toEqual({ lastName: { from: null, to: "Lovelace" } });
    expect(items[3]?.changes).toEqual({
      email: { from: "grace@example.com", to: null },
      firstName: { from: null, to: "Grace" },
      tags: { from: [], to: ["ESG"] },
    });
    expect(items[3]?.actor).toEqual({ type: actor.type, id: actor.id, name: actor.name });
    // The change's id is the history entry's: one id for the feed, webhooks and history.
    const history = await caller.contact.history({ id: b.id });
    expect(items[3]?.at).toBe(history.items[0]?.at);
  });

  it("resumes from a stored cursor and answers the same cursor when nothing is new", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "Ada" });
    const first = await caller.contact.changes({});
    expect(first).toMatchObject({ cursor: "1", hasMore: false });
    expect(await caller.contact.changes({ after: first.cursor })).toEqual({
      items: [],
      cursor: "1",
      hasMore: false,
    });
    await caller.contact.update({ id: a.id, data: { strategy: "Value" } });
    const next = await caller.contact.changes({ after: first.cursor });
    expect(next.items.map((c) => c.version)).toEqual([2]);
    expect(next.cursor).toBe("2");
  });

  it("pages at the limit: n changes fill a page of n with nothing more, n + 1 say hasMore", async () => {
    const { caller } = await h.workspace();
    for (let i = 0; i < 3; i++) await caller.contact.create({ firstName: `P${i}` });
    expect(await caller.contact.changes({ limit: 3 })).toMatchObject({ cursor: "3", hasMore: false });
    await caller.contact.create({ firstName: "P3" });
    const page = await caller.contact.changes({ limit: 3 });
    expect(page).toMatchObject({ cursor: "3", hasMore: true });
    expect(page.items).toHaveLength(3);
    const rest = await caller.contact.changes({ after: page.cursor, limit: 3 });
    expect(rest.items.map((c) => c.cursor)).toEqual(["4"]);
    expect(rest.hasMore).toBe(false);
  });

  it("limit: 1 and 1000 are pages; 0, 1001 and fractions are 400 at ['limit']", async () => {
    const { caller } = await h.workspace();
    await caller.contact.create({ firstName: "Ada" });
    expect((await caller.contact.changes({ limit: 1 })).items).toHaveLength(1);
    expect((await caller.contact.changes({ limit: 1000 })).items).toHaveLength(1);
    for (const limit of [0, 1001, 1.5, -1]) {
      expect(await badRequestPaths(caller.contact.changes({ limit }))).toEqual([["limit"]]);
    }
  });

  it("refuses a cursor it did not hand out, naming `after`", async () => {
    const { caller } = await h.workspace();
    for (const after of ["", "abc", "-1", "01", "1.5", "1e3", "9".repeat(19), " 1"]) {
      expect(await badRequestPaths(caller.contact.changes({ after }))).toEqual([["after"]]);
    }
    // A well-formed cursor past the last change: another workspace's, or an older backup.
    await caller.contact.create({ firstName: "Ada" });
    const err = await expectTRPCError(caller.contact.changes({ after: "2" }), "BAD_REQUEST");
    expect(err.message).toMatch(/last change is 1/);
    expect(await badRequestPaths(caller.contact.changedContacts({ after: "5" }))).toEqual([["after"]]);
  });

  it("is the workspace's own: another workspace's changes never appear, and positions are per workspace", async () => {
    const one = await h.workspace("One");
    const two = await h.workspace("Two");
    await one.caller.contact.create({ firstName: "Ada" });
    await two.caller.contact.create({ firstName: "Grace" });
    await one.caller.contact.create({ firstName: "Linus" });
    const a = await drain(one.caller);
    const b = await drain(two.caller);
    expect(a.items.map((c) => c.changes.firstName?.to)).toEqual(["Ada", "Linus"]);
    expect(b.items.map((c) => [c.cursor, c.changes.firstName?.to])).toEqual([["1", "Grace"]]);
  });

  it("gives each history entry one position, once, whatever the number of readers", async () => {
    const { caller, ws } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? caller.contact.changes({})
          : caller.contact.update({ id: c.id, data: { profilePictureId: i } }),
      ),
    );
    const { items } = await drain(caller);
    const [row] = await queryRows<{ entries: number; sequenced: number }>(
      h.db,
      sql`select count(*)::int as entries, count(seq)::int as sequenced
            from contact_history where workspace_id = ${ws.id}`,
    );
    expect(row).toEqual({ entries: items.length, sequenced: items.length });
    expect(items.map((e) => e.version)).toEqual(items.map((_, i) => i + 1));
  });
});

describe("contact.changedContacts", () => {
  it("answers each changed contact once, as it is now, in the order of its latest change", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "Ada" });
    const b = await caller.contact.create({ firstName: "Grace" });
    const start = (await caller.contact.changes({})).cursor;
    await caller.contact.update({ id: a.id, data: { lastName: "Lovelace" } });
    await caller.contact.update({ id: b.id, data: { lastName: "Hopper" } });
    const a3 = await caller.contact.update({ id: a.id, data: { strategy: "Growth" } });

    const page = await caller.contact.changedContacts({ after: start });
    expect(ChangedContactsPage.parse(page)).toEqual(page);
    expect(page.items.map((c) => c.id)).toEqual([b.id, a.id]);
    expect(page.items[1]).toEqual(a3);
    expect(page).toMatchObject({ cursor: "5", hasMore: false });

    const limited = await caller.contact.changedContacts({ after: start, limit: 2 });
    expect(limited.items.map((c) => c.id)).toEqual([a.id, b.id]);
    expect(limited).toMatchObject({ cursor: "4", hasMore: true });
    expect(await caller.contact.changedContacts({ after: "5" })).toEqual({
      items: [],
      removedIds: [],
      cursor: "5",
      hasMore: false,
    });
  });
});
