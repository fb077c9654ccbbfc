import type { Contact, ListContactsInputRaw } from "@contacts/contracts";
import { countContactRecords } from "@contacts/db";
import { describe, expect, it } from "vitest";
import { badRequestPaths, type Caller, existing, expectTRPCError, issuesOf } from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §6.3: contact.list's sorts and their cursors, prefix tags, phone and company search; contact.count. */

const h = useHarness();

/** Follows nextCursor to the end; every contact in the order read. */
async function readAll(caller: Caller, input: ListContactsInputRaw): Promise<Contact[]> {
  const all: Contact[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const page = await caller.contact.list({ ...input, cursor });
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    expect(page.items).toHaveLength(input.limit ?? 50);
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const nameKey = (c: Contact) =>
  ([c.firstName, c.lastName].filter((x) => x !== null).join(" ") || c.email || "").toLowerCase();
const companyKey = (c: Contact) => c.connections.find((x) => x.primary)?.company.name.toLowerCase() ?? null;

/**
 * 24 contacts with ties on every key: repeated names, shared companies, some without one,
 * and updated times shared by a batch written in one transaction.
 */
async function seed(caller: Caller) {
  const north = await caller.company.create({ name: "Northwind" });
  const aurora = await caller.company.create({ name: "aurora Pension" });
  const made: Contact[] = [];
  const names = ["Ada", "bo", "Ada", "Cecilia", "bo", "Åsa", "Ada", "Dan"];
  for (let i = 0; i < 24; i++) {
    const company = i % 3 === 0 ? null : i % 3 === 1 ? north : aurora;
    made.push(
      await caller.contact.create({
        firstName: names[i % names.length] ?? "X",
        ...(i % 5 === 0 ? { lastName: "Zed" } : {}),
        connections: company ? [{ company: existing(company.id), primary: true }] : [],
      }),
    );
  }
  // Half of them updated in one atomic batch: one transaction, so one updated_at for all.
  await caller.contact.batchUpdate({
    atomic: true,
    items: made.filter((_, i) => i % 2 === 0).map((c) => ({ id: c.id, data: { strategy: "same time" } })),
  });
  return caller.contact.list({ limit: 200 }).then((p) => p.items);
}

describe("sort: each order pages through every contact exactly once, ties broken by id", () => {
  const expected: Record<string, (all: Contact[]) => Contact[]> = {
    "name asc": (all) => [...all].sort((a, b) => cmp(nameKey(a), nameKey(b)) || cmp(a.id, b.id)),
    "name desc": (all) => [...all].sort((a, b) => cmp(nameKey(b), nameKey(a)) || cmp(b.id, a.id)),
    "company asc": (all) =>
      [...all].sort((a, b) => {
        const [x, y] = [companyKey(a), companyKey(b)];
        if (x === null || y === null) return x === y ? cmp(a.id, b.id) : x === null ? 1 : -1;
        return cmp(x, y) || cmp(a.id, b.id);
      }),
    "company desc": (all) =>
      [...all].sort((a, b) => {
        const [x, y] = [companyKey(a), companyKey(b)];
        if (x === null || y === null) return x === y ? cmp(b.id, a.id) : x === null ? 1 : -1;
        return cmp(y, x) || cmp(b.id, a.id);
      }),
    "updated asc": (all) => [...all].sort((a, b) => cmp(a.updatedAt, b.updatedAt) || cmp(a.id, b.id)),
    "updated desc": (all) => [...all].sort((a, b) => cmp(b.updatedAt, a.updatedAt) || cmp(b.id, a.id)),
    "created asc": (all) => [...all].sort((a, b) => cmp(a.id, b.id)),
    "created desc": (all) => [...all].sort((a, b) => cmp(b.id, a.id)),
  };

  it.each(Object.keys(expected))("%s, 5 at a time", async (order) => {
    const { caller } = await h.workspace();
    const all = await seed(caller);
    const [sort, direction] = order.split(" ") as ["name", "asc"];
    const read = await readAll(caller, { sort, direction, limit: 5 });
    expect(read.map((c) => c.id)).toEqual(expected[order]?.(all).map((c) => c.id));
  });

  it("company: contacts of companies named alike in another case interleave by id, in both halves", async () => {
    const { caller } = await h.workspace();
    const upper = await caller.company.create({ name: "ACME" });
    const lower = await caller.company.create({ name: "acme" });
    const made: Contact[] = [];
    for (let i = 0; i < 9; i++)
      made.push(
        await caller.contact.create({
          firstName: `P${i}`,
          connections: [{ company: existing((i % 2 ? upper : lower).id), primary: true }],
        }),
      );
    const none = await caller.contact.create({ firstName: "None" });
    const byId = made.map((c) => c.id).sort(cmp);
    const ids = async (input: ListContactsInputRaw) => (await readAll(caller, input)).map((c) => c.id);
    expect(await ids({ sort: "company", direction: "asc", limit: 2 })).toEqual([...byId, none.id]);
    expect(await ids({ sort: "company", direction: "desc", limit: 4 })).toEqual(
      [...byId].reverse().concat(none.id),
    );
    // With a filter: the page walk skips what does not match in both halves.
    expect(await ids({ sort: "company", search: "p", limit: 2 })).toEqual(byId);
  });

  it("each sort has its own default direction; the default order is newest first", async () => {
    const { caller } = await h.workspace();
    const all = await seed(caller);
    const ids = async (input: ListContactsInputRaw) => (await readAll(caller, input)).map((c) => c.id);
    expect(await ids({ limit: 7 })).toEqual(await ids({ sort: "created", direction: "desc", limit: 7 }));
    expect(await ids({ sort: "name", limit: 7 })).toEqual(
      await ids({ sort: "name", direction: "asc", limit: 7 }),
    );
    expect(await ids({ sort: "updated", limit: 7 })).toEqual(
      await ids({ sort: "updated", direction: "desc", limit: 7 }),
    );
    expect(all).toHaveLength(24);
  });

  it("sorts combine with filters and search", async () => {
    const { caller } = await h.workspace();
    await seed(caller);
    const read = await readAll(caller, { sort: "name", search: "ada", limit: 2 });
    expect(read.map(nameKey)).toEqual([...read.map(nameKey)].sort());
    expect(read.every((c) => nameKey(c).includes("ada"))).toBe(true);
    expect(read).toHaveLength(9);
  });

  it("a cursor of another sort or direction is BAD_REQUEST INVALID_CURSOR at cursor", async () => {
    const { caller } = await h.workspace();
    await seed(caller);
    const byName = await caller.contact.list({ sort: "name", limit: 2 });
    const newest = await caller.contact.list({ limit: 2 });
    const cases: [ListContactsInputRaw, string | null][] = [
      [{ sort: "company" }, byName.nextCursor],
      [{ sort: "name", direction: "desc" }, byName.nextCursor],
      [{}, byName.nextCursor],
      [{ sort: "name" }, newest.nextCursor],
      [{ sort: "created", direction: "asc" }, newest.nextCursor],
    ];
    for (const [input, cursor] of cases) {
      const error = await expectTRPCError(caller.contact.list({ ...input, cursor }), "BAD_REQUEST");
      expect(issuesOf(error).map((i) => i.path)).toEqual([["cursor"]]);
      expect((error.cause as { reason?: string }).reason).toBe("INVALID_CURSOR");
    }
  });

  it("a forged cursor is BAD_REQUEST, never a 500", async () => {
    const { caller } = await h.workspace();
    await seed(caller);
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const id = "01900000-0000-7000-8000-000000000000";
    const forged: [ListContactsInputRaw, string][] = [
      [{ sort: "name" }, enc(["name", "asc", null, id])],
      [{ sort: "name" }, enc(["name", "asc", "a\u0000b", id])],
      [{ sort: "name" }, enc(["name", "asc", "ada", "not-an-id"])],
      [{ sort: "name" }, enc(["name", "asc", "ada"])],
      [{ sort: "name" }, enc({ sort: "name" })],
      [{ sort: "updated" }, enc(["updated", "desc", "2026-02-30T00:00:00.000000Z", id])],
      [{ sort: "updated" }, enc(["updated", "desc", "yesterday", id])],
      [{ sort: "updated" }, enc(["updated", "desc", 5, id])],
      [{ sort: "company" }, "%%%"],
    ];
    for (const [input, cursor] of forged) {
      expect(await badRequestPaths(caller.contact.list({ ...input, cursor }))).toEqual([["cursor"]]);
    }
    // A well-formed cursor of this order is a position, even if no contact holds it.
    const page = await caller.contact.list({ sort: "name", cursor: enc(["name", "asc", "bz", id]) });
    expect(page.items.map(nameKey).every((k) => k > "bz")).toBe(true);
  });

  it("rejects an unknown sort or direction, and sorts in the bin", async () => {
    const { caller } = await h.workspace();
    // @ts-expect-error a sort that does not exist is what this test sends
    expect(await badRequestPaths(caller.contact.list({ sort: "email" }))).toEqual([["sort"]]);
    // @ts-expect-error a direction that does not exist is what this test sends
    expect(await badRequestPaths(caller.contact.list({ direction: "up" }))).toEqual([["direction"]]);
    expect(await badRequestPaths(caller.contact.list({ deleted: true, sort: "name" }))).toEqual([["sort"]]);
  });
});

describe("tags: prefixes, case-insensitive; several must all match", () => {
  it("keeps contacts with a tag starting with each prefix", async () => {
    const { caller } = await h.workspace();
    const esg = await caller.contact.create({ firstName: "A", tags: ["ESG-fund", "Nordic"] });
    const esgOnly = await caller.contact.create({ firstName: "B", tags: ["esg"] });
    await caller.contact.create({ firstName: "C", tags: ["fund-esg"] });
    const ids = async (tags: string[]) => (await caller.contact.list({ tags })).items.map((c) => c.id).sort();
    expect(await ids(["es"])).toEqual([esg.id, esgOnly.id].sort());
    expect(await ids(["ESG"])).toEqual([esg.id, esgOnly.id].sort());
    expect(await ids(["esg-", "nor"])).toEqual([esg.id]);
    expect(await ids(["esg", "missing"])).toEqual([]);
    // % and _ are letters in a tag, not wildcards.
    expect(await ids(["e%"])).toEqual([]);
    expect(await ids(["e_g"])).toEqual([]);
  });
});

describe("search also matches the phone's digits and the primary company's name", () => {
  it("phone: in E.164 or national digits, with spaces", async () => {
    const { caller } = await h.workspace();
    const se = await caller.contact.create({ firstName: "Sven", phone: "+46701234567" });
    const uk = await caller.contact.create({ firstName: "Una", phone: "+442079460000" });
    const ids = async (search: string) =>
      (await caller.contact.list({ search })).items.map((c) => c.id).sort();
    expect(await ids("0701")).toEqual([se.id]);
    expect(await ids("+4670")).toEqual([se.id]);
    expect(await ids("070 123 45")).toEqual([se.id]);
    expect(await ids("00 44 20")).toEqual([uk.id]);
    expect(await ids("4567")).toEqual([se.id]);
    expect(await ids("+4670999")).toEqual([]);
  });

  it("company: the primary company's name only", async () => {
    const { caller } = await h.workspace();
    const aurora = await caller.company.create({ name: "Aurora Pension" });
    const north = await caller.company.create({ name: "Northwind" });
    const primary = await caller.contact.create({
      firstName: "P",
      connections: [{ company: existing(aurora.id), primary: true }],
    });
    await caller.contact.create({
      firstName: "S",
      connections: [
        { company: existing(north.id), primary: true },
        { company: existing(aurora.id), primary: false },
      ],
    });
    const ids = async (search: string) => (await caller.contact.list({ search })).items.map((c) => c.id);
    expect(await ids("AURORA pen")).toEqual([primary.id]);
    expect(await ids("northw")).toHaveLength(1);
  });
});

describe("contact.count", () => {
  it("counts what the list pages through, with the same filters", async () => {
    const { caller } = await h.workspace();
    await seed(caller);
    expect(await caller.contact.count({})).toEqual({ total: 24, capped: false });
    const ada = (await readAll(caller, { search: "ada", limit: 200 })).length;
    expect(await caller.contact.count({ search: "ada" })).toEqual({ total: ada, capped: false });
    expect(await caller.contact.count({ search: "nobody" })).toEqual({ total: 0, capped: false });
    const first = (await caller.contact.list({ limit: 1 })).items[0];
    await caller.contact.delete({ id: first?.id ?? "" });
    expect(await caller.contact.count({})).toEqual({ total: 23, capped: false });
  });

  it("counts no further than its cap + 1, so the service can say capped", async () => {
    const { caller, ws } = await h.workspace();
    for (let i = 0; i < 5; i++) await caller.contact.create({ firstName: `C${i}` });
    expect(await countContactRecords(h.db, { workspaceId: ws.id }, 3)).toBe(4);
    expect(await countContactRecords(h.db, { workspaceId: ws.id }, 5)).toBe(5);
    expect(await countContactRecords(h.db, { workspaceId: ws.id, search: "c1" }, 3)).toBe(1);
  });

  it("stays in the workspace and rejects what list rejects", async () => {
    const { caller } = await h.workspace();
    await seed(caller);
    const other = await h.workspace("Other");
    expect(await other.caller.contact.count({})).toEqual({ total: 0, capped: false });
    expect(await badRequestPaths(caller.contact.count({ tags: Array(21).fill("x") }))).toEqual([["tags"]]);
    expect(await caller.contact.count({ tags: Array(20).fill("x") })).toEqual({ total: 0, capped: false });
    // @ts-expect-error count takes no cursor
    expect(await badRequestPaths(caller.contact.count({ cursor: "x" }))).toEqual([["cursor"]]);
    expect(await badRequestPaths(caller.contact.count({ search: "x".repeat(201) }))).toEqual([["search"]]);
    expect(await caller.contact.count({ search: "x".repeat(200) })).toEqual({ total: 0, capped: false });
    expect(await badRequestPaths(caller.contact.count({ tags: ["x".repeat(65)] }))).toEqual([["tags", 0]]);
    expect(await caller.contact.count({ tags: ["x".repeat(64)] })).toEqual({ total: 0, capped: false });
  });
});
