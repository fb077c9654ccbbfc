import type { Contact, ListContactsInputRaw } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { badRequestPaths, type Caller, existing } from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §6 contact.list: search, tags, companyId, blocked, limit, keyset pagination. */

const h = useHarness();

const ids = (items: Contact[]) => items.map((c) => c.id);

/** Follows nextCursor to the end; returns every page. */
async function allPages(caller: Caller, input: ListContactsInputRaw) {
  const pages: Contact[][] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await caller.contact.list({ ...input, cursor });
    pages.push(page.items);
    if (page.nextCursor === null) return pages;
    expect(page.items.length).toBe(input.limit ?? 50);
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

/** The ids a filter selects, sorted (the order is tested on its own). */
async function matching(caller: Caller, input: ListContactsInputRaw) {
  return ids((await caller.contact.list({ limit: 200, ...input })).items).sort();
}

describe("search: case-insensitive substring of first name, last name, 'first last' and email", () => {
  it("matches each of them, in any case", async () => {
    const { caller } = await h.workspace();
    const ada = await caller.contact.create({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "countess@example.com",
    });
    const grace = await caller.contact.create({
      firstName: "Grace",
      lastName: "Hopper",
      email: "grace@navy.mil",
    });
    const onlyEmail = await caller.contact.create({ email: "alan.turing@example.org" });
    const onlyLast = await caller.contact.create({ lastName: "Babbage" });

    expect(await matching(caller, { search: "ada" })).toEqual([ada.id]);
    expect(await matching(caller, { search: "LOVE" })).toEqual([ada.id]);
    expect(await matching(caller, { search: "ada lovelace" })).toEqual([ada.id]);
    expect(await matching(caller, { search: "A LOVE" })).toEqual([ada.id]);
    expect(await matching(caller, { search: "COUNTESS@" })).toEqual([ada.id]);
    expect(await matching(caller, { search: "navy" })).toEqual([grace.id]);
    expect(await matching(caller, { search: "Turing" })).toEqual([onlyEmail.id]);
    expect(await matching(caller, { search: "bbag" })).toEqual([onlyLast.id]);
    expect(await matching(caller, { search: "example" })).toEqual([ada.id, onlyEmail.id].sort());
    expect(await matching(caller, { search: "nobody" })).toEqual([]);
  });

  it("does not match other fields (strategy, tags); phone and company: contact-list-views.test.ts", async () => {
    const { caller } = await h.workspace();
    await caller.contact.create({
      firstName: "Ada",
      strategy: "zebra",
      tags: ["zebra"],
      phone: "+46701234567",
    });
    expect(await matching(caller, { search: "zebra" })).toEqual([]);
  });

  it("is case-insensitive beyond ASCII", async () => {
    const { caller } = await h.workspace();
    const asa = await caller.contact.create({ firstName: "Åsa", lastName: "Öberg" });
    const greek = await caller.contact.create({ lastName: "ΟΔΥΣΣΕΑΣ" });
    expect(await matching(caller, { search: "åsa öberg" })).toEqual([asa.id]);
    expect(await matching(caller, { search: "ÅSA" })).toEqual([asa.id]);
    expect(await matching(caller, { search: "ÖBERG" })).toEqual([asa.id]);
    expect(await matching(caller, { search: "ΟΔΥΣΣΕΑΣ" })).toEqual([greek.id]);
    expect(await matching(caller, { search: "οδυσσεασ" })).toEqual([greek.id]);
  });

  it("treats % and _ (and \\) as literal characters", async () => {
    const { caller } = await h.workspace();
    const percent = await caller.contact.create({ firstName: "100%", lastName: "Sure" });
    const hundred = await caller.contact.create({ firstName: "1000", lastName: "Sure" });
    const underscore = await caller.contact.create({ email: "a_b@example.com" });
    const axb = await caller.contact.create({ email: "axb@example.com" });
    const backslash = await caller.contact.create({ lastName: "Back\\slash" });
    expect(await matching(caller, { search: "100%" })).toEqual([percent.id]);
    expect(await matching(caller, { search: "%" })).toEqual([percent.id]);
    expect(await matching(caller, { search: "a_b" })).toEqual([underscore.id]);
    expect(await matching(caller, { search: "_" })).toEqual([underscore.id]);
    expect(await matching(caller, { search: "\\" })).toEqual([backslash.id]);
    expect(await matching(caller, { search: "k\\s" })).toEqual([backslash.id]);
    expect(await matching(caller, { search: "100" })).toEqual([percent.id, hundred.id].sort());
    expect(await matching(caller, { search: "ax" })).toEqual([axb.id]);
  });

  it("an empty or blank search filters nothing out; the term is trimmed", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "Ada" });
    const b = await caller.contact.create({ firstName: "Grace" });
    expect(await matching(caller, { search: "" })).toEqual([a.id, b.id].sort());
    expect(await matching(caller, { search: "   " })).toEqual([a.id, b.id].sort());
    expect(await matching(caller, { search: "  ada  " })).toEqual([a.id]);
  });

  it("follows updates: a renamed contact is found by its new name only", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "Ada" });
    await caller.contact.update({ id: c.id, data: { firstName: "Augusta" } });
    expect(await matching(caller, { search: "ada" })).toEqual([]);
    expect(await matching(caller, { search: "augusta" })).toEqual([c.id]);
  });

  it("a search term over 200 characters is BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    expect(await matching(caller, { search: "a".repeat(200) })).toEqual([]);
    expect(await badRequestPaths(caller.contact.list({ search: "a".repeat(201) }))).toEqual([["search"]]);
  });
});

describe("tags: contacts carrying a tag starting with each listed one, case-insensitively", () => {
  it("keeps contacts with all the tags, whatever their case", async () => {
    const { caller } = await h.workspace();
    const both = await caller.contact.create({ firstName: "Both", tags: ["VIP", "Nordic"] });
    const vip = await caller.contact.create({ firstName: "Vip", tags: ["vip"] });
    const nordic = await caller.contact.create({ firstName: "Nordic", tags: ["nordic", "other"] });
    await caller.contact.create({ firstName: "None" });

    expect(await matching(caller, { tags: ["vip"] })).toEqual([both.id, vip.id].sort());
    expect(await matching(caller, { tags: ["ViP"] })).toEqual([both.id, vip.id].sort());
    expect(await matching(caller, { tags: ["nordic", "VIP"] })).toEqual([both.id]);
    expect(await matching(caller, { tags: ["NORDIC"] })).toEqual([both.id, nordic.id].sort());
    expect(await matching(caller, { tags: ["vip", "missing"] })).toEqual([]);
    expect(await matching(caller, { tags: [" vip "] })).toEqual([both.id, vip.id].sort());
  });

  it("matches tags by prefix, not by substring", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A", tags: ["vip-list"] });
    await caller.contact.create({ firstName: "B", tags: ["not-vip"] });
    expect(await matching(caller, { tags: ["vip"] })).toEqual([a.id]);
    expect(await matching(caller, { tags: ["ip"] })).toEqual([]);
  });

  it("is case-insensitive beyond ASCII", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A", tags: ["Ärlig"] });
    expect(await matching(caller, { tags: ["ärlig"] })).toEqual([c.id]);
    expect(await matching(caller, { tags: ["ÄRLIG"] })).toEqual([c.id]);
  });

  it("an empty tags filter filters nothing out", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A" });
    expect(await matching(caller, { tags: [] })).toEqual([a.id]);
  });

  it("follows updates and clears", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A", tags: ["vip"] });
    await caller.contact.update({ id: c.id, data: { tags: ["ir"] } });
    expect(await matching(caller, { tags: ["vip"] })).toEqual([]);
    expect(await matching(caller, { tags: ["IR"] })).toEqual([c.id]);
    await caller.contact.update({ id: c.id, data: { tags: null } });
    expect(await matching(caller, { tags: ["ir"] })).toEqual([]);
  });

  it("rejects a blank tag and more than 20 tags", async () => {
    const { caller } = await h.workspace();
    expect(await badRequestPaths(caller.contact.list({ tags: ["ok", " "] }))).toEqual([["tags", 1]]);
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(await matching(caller, { tags: twenty })).toEqual([]);
    expect(await badRequestPaths(caller.contact.list({ tags: [...twenty, "t20"] }))).toEqual([["tags"]]);
  });
});

describe("companyId: contacts connected to that company, primary or not", () => {
  it("keeps primary and non-primary connections", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const globex = await caller.company.create({ name: "Globex" });
    const primary = await caller.contact.create({
      firstName: "Primary",
      connections: [{ company: existing(acme.id), primary: true }],
    });
    const secondary = await caller.contact.create({
      firstName: "Secondary",
      connections: [{ company: existing(globex.id), primary: true }, { company: existing(acme.id) }],
    });
    const elsewhere = await caller.contact.create({
      firstName: "Elsewhere",
      connections: [{ company: existing(globex.id), primary: true }],
    });
    await caller.contact.create({ firstName: "Unconnected" });

    expect(await matching(caller, { companyId: acme.id })).toEqual([primary.id, secondary.id].sort());
    expect(await matching(caller, { companyId: globex.id })).toEqual([secondary.id, elsewhere.id].sort());
    expect(await matching(caller, { companyId: "no-such-company" })).toEqual([]);
  });

  it("follows updates: a dropped connection no longer matches", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const c = await caller.contact.create({
      firstName: "A",
      connections: [{ company: existing(acme.id), primary: true }],
    });
    await caller.contact.update({ id: c.id, data: { connections: null } });
    expect(await matching(caller, { companyId: acme.id })).toEqual([]);
  });
});

describe("blocked", () => {
  it("true keeps blocked contacts; false keeps unblocked and never-set ones", async () => {
    const { caller } = await h.workspace();
    const blocked = await caller.contact.create({ firstName: "Blocked", blocked: true });
    const unblocked = await caller.contact.create({ firstName: "Unblocked", blocked: false });
    const neverSet = await caller.contact.create({ firstName: "Never set" });
    const cleared = await caller.contact.create({ firstName: "Cleared", blocked: true });
    await caller.contact.update({ id: cleared.id, data: { blocked: null } });

    expect(await matching(caller, { blocked: true })).toEqual([blocked.id]);
    expect(await matching(caller, { blocked: false })).toEqual(
      [unblocked.id, neverSet.id, cleared.id].sort(),
    );
    expect(await matching(caller, {})).toHaveLength(4);
  });
});

describe("filters combine (all must hold)", () => {
  it("search + tags + companyId + blocked", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const conn = [{ company: existing(acme.id), primary: true }];
    const hit = await caller.contact.create({
      firstName: "Ada",
      tags: ["vip"],
      connections: conn,
      blocked: false,
    });
    await caller.contact.create({ firstName: "Ada", tags: ["vip"], connections: conn, blocked: true });
    await caller.contact.create({ firstName: "Ada", tags: ["vip"], blocked: false });
    await caller.contact.create({ firstName: "Ada", connections: conn });
    await caller.contact.create({ firstName: "Grace", tags: ["vip"], connections: conn });
    expect(
      await matching(caller, { search: "ada", tags: ["VIP"], companyId: acme.id, blocked: false }),
    ).toEqual([hit.id]);
  });
});

describe("limit and keyset pagination", () => {
  it("pages 23 contacts 5 at a time: every contact exactly once, newest first", async () => {
    const { caller } = await h.workspace();
    const created: Contact[] = [];
    for (let i = 0; i < 23; i++) created.push(await caller.contact.create({ firstName: `Person ${i}` }));
    const pages = await allPages(caller, { limit: 5 });
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    const seen = pages.flat().map((c) => c.id);
    expect(new Set(seen).size).toBe(23);
    expect(seen).toEqual(created.map((c) => c.id).reverse());
  });

  it("a set that fills its last page exactly ends without an empty page", async () => {
    const { caller } = await h.workspace();
    for (let i = 0; i < 10; i++) await caller.contact.create({ firstName: `P${i}` });
    const pages = await allPages(caller, { limit: 5 });
    expect(pages.map((p) => p.length)).toEqual([5, 5]);
  });

  it("paging a filtered set returns every match exactly once", async () => {
    const { caller } = await h.workspace();
    const vips: string[] = [];
    for (let i = 0; i < 17; i++) {
      const c = await caller.contact.create({ firstName: `P${i}`, tags: i % 2 ? ["vip"] : ["other"] });
      if (i % 2) vips.push(c.id);
    }
    const pages = await allPages(caller, { tags: ["vip"], limit: 3 });
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(pages.flat().map((c) => c.id)).toEqual(vips.reverse());
  });

  it("updates between pages do not reorder or repeat contacts", async () => {
    const { caller } = await h.workspace();
    const created: Contact[] = [];
    for (let i = 0; i < 6; i++) created.push(await caller.contact.create({ firstName: `P${i}` }));
    const first = await caller.contact.list({ limit: 3 });
    // Updating a contact of the first page must not bring it back on the second.
    await caller.contact.update({ id: first.items[0]!.id, data: { firstName: "Updated" } });
    const second = await caller.contact.list({ limit: 3, cursor: first.nextCursor });
    expect([...ids(first.items), ...ids(second.items)]).toEqual(created.map((c) => c.id).reverse());
    expect(second.nextCursor).toBeNull();
  });

  it("an empty workspace is one empty page", async () => {
    const { caller } = await h.workspace();
    expect(await caller.contact.list({})).toEqual({ items: [], nextCursor: null });
  });

  it("the default limit is 50", async () => {
    const { caller } = await h.workspace();
    for (let i = 0; i < 51; i++) await caller.contact.create({ firstName: `P${i}` });
    const page = await caller.contact.list({});
    expect(page.items).toHaveLength(50);
    expect(page.nextCursor).not.toBeNull();
    const rest = await caller.contact.list({ cursor: page.nextCursor });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });

  it("limit 1 and 200 are accepted; 0, 201 and fractions are BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    await caller.contact.create({ firstName: "A" });
    await caller.contact.create({ firstName: "B" });
    const one = await caller.contact.list({ limit: 1 });
    expect(one.items).toHaveLength(1);
    expect(one.nextCursor).not.toBeNull();
    expect((await caller.contact.list({ limit: 200 })).items).toHaveLength(2);
    for (const limit of [0, -1, 201, 1.5]) {
      expect(await badRequestPaths(caller.contact.list({ limit }))).toEqual([["limit"]]);
    }
  });

  it("200 contacts fit one page of 200; a 201st starts a second page", async () => {
    const { caller } = await h.workspace();
    for (let i = 0; i < 200; i++) await caller.contact.create({ firstName: `P${i}` });
    const full = await caller.contact.list({ limit: 200 });
    expect(full.items).toHaveLength(200);
    expect(full.nextCursor).toBeNull();
    const last = await caller.contact.create({ firstName: "P200" });
    const first = await caller.contact.list({ limit: 200 });
    expect(first.items).toHaveLength(200);
    expect(first.items[0]?.id).toBe(last.id);
    const second = await caller.contact.list({ limit: 200, cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });

  it("a null cursor is the first page; an empty or oversized cursor is BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    await caller.contact.create({ firstName: "A" });
    expect((await caller.contact.list({ cursor: null })).items).toHaveLength(1);
    expect(await badRequestPaths(caller.contact.list({ cursor: "" }))).toEqual([["cursor"]]);
    expect(await badRequestPaths(caller.contact.list({ cursor: "c".repeat(501) }))).toEqual([["cursor"]]);
  });

  it("a cursor it did not hand out is BAD_REQUEST, for contacts and for history alike", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A" });
    for (const cursor of ["not-a-cursor", "%E0%A4%A", "' or 1=1 --", `${c.id}x`, "0".repeat(36)]) {
      expect(await badRequestPaths(caller.contact.list({ cursor }))).toEqual([["cursor"]]);
      expect(await badRequestPaths(caller.contact.history({ id: c.id, cursor }))).toEqual([["cursor"]]);
    }
    // A handed-out cursor in another case is still the same id.
    expect((await caller.contact.list({ cursor: c.id.toUpperCase() })).items).toEqual([]);
  });

  it("rejects unknown keys", async () => {
    const { caller } = await h.workspace();
    // @ts-expect-error an unknown key is what this test sends
    expect(await badRequestPaths(caller.contact.list({ query: "ada" }))).toEqual([["query"]]);
  });
});
