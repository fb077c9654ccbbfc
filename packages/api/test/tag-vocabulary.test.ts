import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { retagged } from "../src/services/tags/retag-contacts";
import { badRequestPaths, type Caller } from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §6.22 tag.list, tag.rename, tag.merge: the workspace's tag vocabulary. */

const h = useHarness();

const make = (caller: Caller, firstName: string, tags: string[]) =>
  caller.contact.create({ firstName, tags });

/** Stores tags as they were saved before normalization existed (the contract would clean them). */
async function storeRaw(workspaceId: string, id: string, tags: string[]) {
  await h.db.execute(
    sql`update contacts set tags = array(select jsonb_array_elements_text(${JSON.stringify(tags)}::jsonb)),
        tag_keys = array(select lower(jsonb_array_elements_text(${JSON.stringify(tags)}::jsonb)))
        where workspace_id = ${workspaceId} and id = ${id}`,
  );
}

describe("tag.list", () => {
  it("counts live contacts per tag, case-insensitively, most used first then by name", async () => {
    const { caller } = await h.workspace();
    await make(caller, "A", ["ESG", "Nordics"]);
    await make(caller, "B", ["esg", "Tier 1"]);
    await make(caller, "C", ["ESG", "nordics", "Alpha"]);
    const gone = await make(caller, "D", ["ESG", "Binned"]);
    await caller.contact.delete({ id: gone.id });
    expect((await caller.tag.list({})).items).toEqual([
      { name: "ESG", count: 3 },
      { name: "Nordics", count: 2 },
      { name: "Alpha", count: 1 },
      { name: "Tier 1", count: 1 },
    ]);
    expect((await caller.tag.list({ limit: 2 })).items.map((t) => t.name)).toEqual(["ESG", "Nordics"]);
  });

  it("names a tag by its most common spelling, ties by code point", async () => {
    const { caller } = await h.workspace();
    await make(caller, "A", ["esg"]);
    await make(caller, "B", ["Esg"]);
    expect((await caller.tag.list({})).items).toEqual([{ name: "Esg", count: 2 }]);
    await make(caller, "C", ["esg"]);
    expect((await caller.tag.list({})).items).toEqual([{ name: "esg", count: 3 }]);
  });

  it("matches a prefix case-insensitively, with LIKE wildcards taken literally", async () => {
    const { caller } = await h.workspace();
    await make(caller, "A", ["ESG", "esg-light", "Nordic ESG", "100%_done", "100 done"]);
    const names = async (prefix: string) =>
      (await caller.tag.list({ prefix })).items.map((t) => t.name).sort();
    expect(await names("es")).toEqual(["ESG", "esg-light"]);
    expect(await names(" ESG-, ")).toEqual(["esg-light"]);
    expect(await names("100%_")).toEqual(["100%_done"]);
    expect(await names("nordic e")).toEqual(["Nordic ESG"]);
    expect(await names("x")).toEqual([]);
  });

  it("sees only the caller's workspace", async () => {
    const a = await h.workspace("A");
    const b = await h.workspace("B");
    await make(a.caller, "A", ["Secret"]);
    expect((await b.caller.tag.list({})).items).toEqual([]);
    expect((await b.caller.tag.rename({ from: "Secret", to: "Leaked" })).changed).toBe(0);
    expect((await b.caller.tag.merge({ from: ["Secret"], into: "Leaked" })).changed).toBe(0);
    expect((await a.caller.tag.list({})).items).toEqual([{ name: "Secret", count: 1 }]);
  });

  it("refuses bad input naming the field", async () => {
    const { caller } = await h.workspace();
    expect(await badRequestPaths(caller.tag.list({ limit: 0 }))).toEqual([["limit"]]);
    expect(await badRequestPaths(caller.tag.list({ limit: 1001 }))).toEqual([["limit"]]);
    // @ts-expect-error a number is what this test sends
    expect(await badRequestPaths(caller.tag.list({ prefix: 5 }))).toEqual([["prefix"]]);
  });
});

describe("tag.rename", () => {
  it("renames on every carrier: a new version and a history entry each, others untouched", async () => {
    const { caller } = await h.workspace();
    const a = await make(caller, "A", ["vip", "esg", "Nordics"]);
    const b = await make(caller, "B", ["ESG"]);
    const other = await make(caller, "C", ["Nordics"]);
    expect(await caller.tag.rename({ from: "esg", to: "Sustainability" })).toEqual({ changed: 2 });

    const after = await caller.contact.get({ id: a.id });
    expect(after).toMatchObject({ tags: ["vip", "Sustainability", "Nordics"], version: 2 });
    expect(await caller.contact.get({ id: b.id })).toMatchObject({ tags: ["Sustainability"], version: 2 });
    expect(await caller.contact.get({ id: other.id })).toMatchObject({ version: 1 });
    const [entry] = (await caller.contact.history({ id: a.id })).items;
    expect(entry?.changes).toEqual({
      tags: { from: ["vip", "esg", "Nordics"], to: ["vip", "Sustainability", "Nordics"] },
    });
    // The change feed (and so webhooks) sees each rewrite.
    const feed = await caller.contact.changes({});
    expect(
      feed.items
        .filter((c) => c.version === 2)
        .map((c) => c.contactId)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect((await caller.tag.list({})).items.map((t) => t.name).sort()).toEqual([
      "Nordics",
      "Sustainability",
      "vip",
    ]);
  });

  it('changes only the case: "esg" → "ESG" respells it everywhere, once', async () => {
    const { caller } = await h.workspace();
    const a = await make(caller, "A", ["esg"]);
    const b = await make(caller, "B", ["Esg", "x"]);
    const c = await make(caller, "C", ["ESG"]);
    expect(await caller.tag.rename({ from: "esg", to: "ESG" })).toEqual({ changed: 2 });
    expect(await caller.contact.get({ id: a.id })).toMatchObject({ tags: ["ESG"], version: 2 });
    expect(await caller.contact.get({ id: b.id })).toMatchObject({ tags: ["ESG", "x"], version: 2 });
    expect(await caller.contact.get({ id: c.id })).toMatchObject({ tags: ["ESG"], version: 1 });
    // Again: nothing left to change, nothing written.
    expect(await caller.tag.rename({ from: "esg", to: "ESG" })).toEqual({ changed: 0 });
    expect((await caller.contact.history({ id: a.id })).items).toHaveLength(2);
  });

  it("into a tag a contact already carries: one tag left, where the first of them was", async () => {
    const { caller } = await h.workspace();
    const a = await make(caller, "A", ["old", "vip", "New"]);
    expect(await caller.tag.rename({ from: "OLD", to: "new" })).toEqual({ changed: 1 });
    expect(await caller.contact.get({ id: a.id })).toMatchObject({ tags: ["new", "vip"], version: 2 });
  });

  it("cleans a tag saved before normalization, and normalizes the new name", async () => {
    const { caller, ws } = await h.workspace();
    const a = await make(caller, "A", ["placeholder"]);
    await storeRaw(ws.id, a.id, ["ESG,", "Tier  1;", ";"]);
    expect((await caller.tag.list({})).items.map((t) => t.name).sort()).toEqual([";", "ESG,", "Tier  1;"]);
    expect(await caller.tag.rename({ from: "ESG,", to: " ESG; " })).toEqual({ changed: 1 });
    expect((await caller.contact.get({ id: a.id })).tags).toEqual(["ESG", "Tier 1"]);
  });

  it("dryRun counts what would change and writes nothing", async () => {
    const { caller } = await h.workspace();
    const a = await make(caller, "A", ["esg"]);
    await make(caller, "B", ["other"]);
    expect(await caller.tag.rename({ from: "esg", to: "ESG", dryRun: true })).toEqual({ changed: 1 });
    expect(await caller.contact.get({ id: a.id })).toMatchObject({ tags: ["esg"], version: 1 });
  });

  it("leaves contacts in the bin alone", async () => {
    const { caller } = await h.workspace();
    const binned = await make(caller, "A", ["esg"]);
    await caller.contact.delete({ id: binned.id });
    expect(await caller.tag.rename({ from: "esg", to: "ESG" })).toEqual({ changed: 0 });
    await caller.contact.restore({ id: binned.id });
    expect((await caller.contact.get({ id: binned.id })).tags).toEqual(["esg"]);
  });

  it("rewrites more contacts than one round holds", async () => {
    const { caller } = await h.workspace();
    const items = Array.from({ length: 1203 }, (_, i) => ({
      data: { firstName: `P${i}`, tags: ["bulk", `t${i % 3}`] },
    }));
    await caller.contact.bulkUpsert({ items: items.slice(0, 1000) });
    await caller.contact.bulkUpsert({ items: items.slice(1000) });
    expect(await caller.tag.rename({ from: "bulk", to: "Bulk" })).toEqual({ changed: 1203 });
    expect((await caller.tag.list({ prefix: "bulk" })).items).toEqual([{ name: "Bulk", count: 1203 }]);
  }, 120_000);

  it("refuses bad input naming the field, and writes nothing", async () => {
    const { caller } = await h.workspace();
    const a = await make(caller, "A", ["esg"]);
    expect(await badRequestPaths(caller.tag.rename({ from: "esg", to: " , " }))).toEqual([["to"]]);
    expect(await badRequestPaths(caller.tag.rename({ from: "", to: "x" }))).toEqual([["from"]]);
    expect(await badRequestPaths(caller.tag.rename({ from: "esg", to: "t".repeat(65) }))).toEqual([["to"]]);
    // @ts-expect-error a missing `to` is what this test sends
    expect(await badRequestPaths(caller.tag.rename({ from: "esg" }))).toEqual([["to"]]);
    // @ts-expect-error an unknown key is what this test sends
    expect(await badRequestPaths(caller.tag.rename({ from: "esg", to: "x", all: true }))).toEqual([["all"]]);
    expect(await caller.contact.get({ id: a.id })).toMatchObject({ tags: ["esg"], version: 1 });
  });
});

describe("tag.merge", () => {
  it("merges into an existing tag without duplicates on a contact", async () => {
    const { caller } = await h.workspace();
    const both = await make(caller, "A", ["Sustainability", "vip", "ESG"]);
    const one = await make(caller, "B", ["green"]);
    const target = await make(caller, "C", ["esg"]);
    const none = await make(caller, "D", ["vip"]);
    const result = await caller.tag.merge({ from: ["sustainability", "Green"], into: "ESG" });
    expect(result).toEqual({ changed: 3 });
    expect(await caller.contact.get({ id: both.id })).toMatchObject({ tags: ["ESG", "vip"], version: 2 });
    expect(await caller.contact.get({ id: one.id })).toMatchObject({ tags: ["ESG"], version: 2 });
    // The target in another spelling takes the spelling merged into.
    expect(await caller.contact.get({ id: target.id })).toMatchObject({ tags: ["ESG"], version: 2 });
    expect(await caller.contact.get({ id: none.id })).toMatchObject({ version: 1 });
    expect((await caller.tag.list({})).items).toEqual([
      { name: "ESG", count: 3 },
      { name: "vip", count: 2 },
    ]);
    const [entry] = (await caller.contact.history({ id: both.id })).items;
    expect(entry?.changes).toEqual({
      tags: { from: ["Sustainability", "vip", "ESG"], to: ["ESG", "vip"] },
    });
  });

  it("refuses an empty list and a bad tag at its index", async () => {
    const { caller } = await h.workspace();
    expect(await badRequestPaths(caller.tag.merge({ from: [], into: "x" }))).toEqual([["from"]]);
    expect(await badRequestPaths(caller.tag.merge({ from: ["a", " "], into: "x" }))).toEqual([["from", 1]]);
    expect(await badRequestPaths(caller.tag.merge({ from: ["a"], into: ";" }))).toEqual([["into"]]);
  });
});

describe("retagged (the rule both share)", () => {
  it.each([
    [["a", "b", "c"], ["b"], "B", ["a", "B", "c"]],
    [["x", "b", "a"], ["a", "b"], "a", ["x", "a"]],
    [["ESG,", "vip"], ["esg,"], "ESG", ["ESG", "vip"]],
    [["keep.", "b"], ["b"], "c", ["keep", "c"]],
    [[",", "b"], ["b"], "c", ["c"]],
  ])("%j with %j → %j gives %j", (tags, sources, target, out) => {
    expect(retagged(tags, sources, target)).toEqual(out);
  });
});
