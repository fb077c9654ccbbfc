import { BULK_UPSERT_MAX, type BulkUpsertResult } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { badRequestPaths, type Caller, existing, snapshot } from "./support/contract";
import { useHarness } from "./support/harness";

/**
 * contact.bulkUpsert: the same rules, results, no-op detection and history as the single
 * calls it stands for (update, upsertByExternalRef, create), written set by set.
 */

const h = useHarness();

const outcomes = (results: BulkUpsertResult[]) => results.map((r) => (r.ok ? r.outcome : r.error.reason));

async function twoContacts(caller: Caller) {
  const co = await caller.company.create({ name: "Aurora Pension" });
  const a = await caller.contact.create({
    firstName: "Ada",
    email: "ada@example.com",
    tags: ["esg"],
    externalRefs: [{ namespace: "hubspot", id: "h-1" }],
    connections: [{ company: existing(co.id), jobTitle: "CIO", primary: true }],
  });
  const b = await caller.contact.create({
    firstName: "Bo",
    externalRefs: [{ namespace: "hubspot", id: "h-2" }],
  });
  return { co, a, b };
}

describe("contact.bulkUpsert", () => {
  it("updates by id, upserts by reference and creates, each with its own result in input order", async () => {
    const { caller } = await h.workspace();
    const { a, b } = await twoContacts(caller);
    const { results } = await caller.contact.bulkUpsert({
      items: [
        { id: a.id, expectedVersion: 1, data: { lastName: "Lovelace", tags: ["esg", "nordics"] } },
        { ref: { namespace: "HubSpot", id: "h-2" }, data: { phone: "+46 70 123 45 67" } },
        { ref: { namespace: "hubspot", id: "h-3" }, data: { firstName: "Cy" } },
        { data: { email: "Dee@Example.com", tags: ["new"] } },
      ],
    });
    expect(outcomes(results)).toEqual(["updated", "updated", "created", "created"]);
    expect(results[0]).toMatchObject({ id: a.id, version: 2 });
    expect(results[1]).toMatchObject({ id: b.id, version: 2 });
    const cy = await caller.contact.findByExternalRef({ namespace: "hubspot", id: "h-3" });
    expect(results[2]).toMatchObject({ id: cy.id, version: 1 });
    expect(cy.externalRefs).toEqual([{ namespace: "hubspot", id: "h-3" }]);
    const dee = await caller.contact.get({ id: (results[3] as { id: string }).id });
    expect(dee).toMatchObject({ email: "dee@example.com", tags: ["new"], version: 1 });
    const got = await caller.contact.get({ id: a.id });
    expect(got).toMatchObject({ lastName: "Lovelace", tags: ["esg", "nordics"], version: 2 });
    expect(got.connections).toHaveLength(1);
    expect((await caller.contact.get({ id: b.id })).phone).toBe("+46701234567");
  });

  it("records the same history as single updates: one entry per write, the fields it changed", async () => {
    const { caller } = await h.workspace();
    const { a } = await twoContacts(caller);
    const twin = await caller.contact.create({
      firstName: "Ada",
      email: "ada@example.com",
      tags: ["esg"],
    });
    const data = { email: null, tags: ["esg", "x"], strategy: "Value" };
    await caller.contact.bulkUpsert({ items: [{ id: a.id, data }] });
    await caller.contact.update({ id: twin.id, data });
    const bulk = await snapshot(caller, a.id);
    const single = await snapshot(caller, twin.id);
    expect(bulk.history[0]?.changes).toEqual(single.history[0]?.changes);
    expect(bulk.history).toHaveLength(2);
  });

  it("writes nothing for an item that changes nothing: unchanged, no version, no history", async () => {
    const { caller } = await h.workspace();
    const { a, b } = await twoContacts(caller);
    const before = await snapshot(caller, a.id);
    const { results } = await caller.contact.bulkUpsert({
      items: [
        { id: a.id, expectedVersion: 1, data: { firstName: "Ada", email: "ADA@example.com", tags: ["esg"] } },
        { ref: { namespace: "hubspot", id: "h-2" }, data: { firstName: "Bo" } },
      ],
    });
    expect(results).toEqual([
      { ok: true, outcome: "unchanged", id: a.id, version: 1 },
      { ok: true, outcome: "unchanged", id: b.id, version: 1 },
    ]);
    expect(await snapshot(caller, a.id)).toEqual(before);
  });

  it("fails an item alone, with the error it would have had as a single call", async () => {
    const { caller } = await h.workspace();
    const { a, b } = await twoContacts(caller);
    const { results } = await caller.contact.bulkUpsert({
      items: [
        { id: a.id, data: { email: "not an email" } },
        { id: "missing", data: { lastName: "X" } },
        { id: "nope", data: {} },
        { id: b.id, expectedVersion: 9, data: { lastName: "Late" } },
        { data: { tags: ["only"] } },
        { ref: { namespace: "hubspot", id: "h-9" }, data: { tags: ["no identity"] } },
        { data: { firstName: "Ed", externalRefs: [{ namespace: "hubspot", id: "h-1" }] } },
        { data: { firstName: "Co", connections: [{ company: existing("no-such"), primary: true }] } },
        { id: a.id, ref: { namespace: "x", id: "1" }, data: {} },
      ],
    });
    expect(outcomes(results)).toEqual([
      "INVALID_INPUT",
      "CONTACT_NOT_FOUND",
      "CONTACT_NOT_FOUND",
      "STALE_VERSION",
      "IDENTITY_REQUIRED",
      "IDENTITY_REQUIRED",
      "EXTERNAL_REF_TAKEN",
      "UNKNOWN_COMPANY",
      "INVALID_INPUT",
    ]);
    expect(results[0]).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST", issues: [{ path: ["data", "email"] }] },
    });
    expect(results[3]).toMatchObject({
      ok: false,
      error: { code: "CONFLICT", details: { currentVersion: 1 } },
    });
    expect(results[4]).toMatchObject({ error: { issues: [{ path: ["data", "firstName"] }] } });
    expect(results[6]).toMatchObject({
      error: {
        code: "CONFLICT",
        details: { contactId: a.id, externalRef: { namespace: "hubspot", id: "h-1" } },
      },
    });
    expect(results[8]).toMatchObject({ error: { issues: [{ path: ["ref"] }] } });
    // Nothing of the failures was written.
    expect((await caller.contact.get({ id: b.id })).version).toBe(1);
    expect((await caller.contact.get({ id: a.id })).version).toBe(1);
    expect((await caller.contact.list({})).items).toHaveLength(2);
    // An item that is not even an object is the whole call's 400, as in batchUpdate.
    const notObject = caller.contact.bulkUpsert({ items: [{ data: {} }, "x" as never] });
    expect(await badRequestPaths(notObject)).toEqual([["items", 1]]);
  });

  it("collapses items naming the same contact: the last wins, the others are superseded", async () => {
    const { caller } = await h.workspace();
    const { a } = await twoContacts(caller);
    const { results } = await caller.contact.bulkUpsert({
      items: [
        { id: a.id, data: { lastName: "First" } },
        { ref: { namespace: "hubspot", id: "new-1" }, data: { firstName: "One" } },
        { id: a.id, data: { lastName: "Last" } },
        { ref: { namespace: "hubspot", id: "new-1" }, data: { firstName: "Two" } },
        // The same contact by reference and by id: also one write, the last.
        { ref: { namespace: "hubspot", id: "h-1" }, data: { strategy: "Growth" } },
      ],
    });
    expect(outcomes(results)).toEqual(["superseded", "superseded", "superseded", "created", "updated"]);
    expect(results[0]).toMatchObject({ by: 4, id: a.id, version: 2 });
    expect(results[1]).toMatchObject({ by: 3 });
    const got = await caller.contact.get({ id: a.id });
    expect(got).toMatchObject({ lastName: null, strategy: "Growth", version: 2 });
    const one = await caller.contact.findByExternalRef({ namespace: "hubspot", id: "new-1" });
    expect(one.firstName).toBe("Two");
  });

  it("keeps external references unique within the call, as if the items ran in order", async () => {
    const { caller } = await h.workspace();
    const { results } = await caller.contact.bulkUpsert({
      items: [
        { data: { firstName: "A", externalRefs: [{ namespace: "sf", id: "1" }] } },
        { data: { firstName: "B", externalRefs: [{ namespace: "sf", id: "1" }] } },
      ],
    });
    expect(outcomes(results)).toEqual(["created", "EXTERNAL_REF_TAKEN"]);
    expect(results[1]).toMatchObject({
      error: { details: { contactId: (results[0] as { id: string }).id } },
    });
  });

  it("keeps the upsert's own reference when data replaces the list", async () => {
    const { caller } = await h.workspace();
    const { a } = await twoContacts(caller);
    await caller.contact.bulkUpsert({
      items: [
        { ref: { namespace: "hubspot", id: "h-1" }, data: { externalRefs: [{ namespace: "sf", id: "9" }] } },
      ],
    });
    expect((await caller.contact.get({ id: a.id })).externalRefs).toEqual([
      { namespace: "sf", id: "9" },
      { namespace: "hubspot", id: "h-1" },
    ]);
  });

  it("answers a deleted contact as not found and leaves it in the bin", async () => {
    const { caller } = await h.workspace();
    const { a } = await twoContacts(caller);
    await caller.contact.delete({ id: a.id });
    const { results } = await caller.contact.bulkUpsert({ items: [{ id: a.id, data: { lastName: "X" } }] });
    expect(results[0]).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("puts every write in the change feed", async () => {
    const { caller } = await h.workspace();
    const { a } = await twoContacts(caller);
    const head = await caller.contact.changes({ limit: 100 });
    await caller.contact.bulkUpsert({
      items: [{ id: a.id, data: { lastName: "Feed" } }, { data: { firstName: "New" } }],
    });
    const next = await caller.contact.changes({ after: head.cursor, limit: 100 });
    expect(next.items.map((c) => c.type).sort()).toEqual(["contact.created", "contact.updated"]);
  });

  it(`takes 1 to ${BULK_UPSERT_MAX} items`, async () => {
    const { caller } = await h.workspace();
    expect(await badRequestPaths(caller.contact.bulkUpsert({ items: [] }))).toEqual([["items"]]);
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ data: { firstName: `P${i}` } }));
    expect(await badRequestPaths(caller.contact.bulkUpsert({ items: many(BULK_UPSERT_MAX + 1) }))).toEqual([
      ["items"],
    ]);
    const { results } = await caller.contact.bulkUpsert({ items: many(BULK_UPSERT_MAX) });
    expect(results.filter((r) => r.ok && r.outcome === "created")).toHaveLength(BULK_UPSERT_MAX);
    expect((await caller.contact.list({ limit: 1 })).items).toHaveLength(1);
  });
});
