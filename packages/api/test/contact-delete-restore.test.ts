import { describe, expect, it } from "vitest";
import { batchItems } from "../src/http/request-cost";
import {
  badRequestPaths,
  type Caller,
  callerAs,
  domainCauseOf,
  existing,
  expectTRPCError,
  issuesOf,
  tick,
} from "./support/contract";
import { useHarness } from "./support/harness";

const h = useHarness();

async function seeded(caller: Caller) {
  const acme = await caller.company.create({ name: "Acme" });
  const ada = await caller.contact.create({
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    tags: ["vip"],
    connections: [{ company: existing(acme.id), primary: true, jobTitle: "CFO" }],
    externalRefs: [
      { namespace: "hubspot", id: "1" },
      { namespace: "salesforce", id: "003A" },
    ],
  });
  return { acme, ada };
}

describe("contact.delete", () => {
  it("hides the contact from every read and write but its history, and frees its references", async () => {
    const { caller, actor } = await h.workspace();
    const { acme, ada } = await seeded(caller);
    const other = await caller.contact.create({ firstName: "Grace" });

    const deleted = await caller.contact.delete({ id: ada.id, expectedVersion: 1 });
    expect(deleted).toMatchObject({ id: ada.id, version: 2 });
    expect(Date.parse(deleted.deletedAt)).not.toBeNaN();

    await expectTRPCError(caller.contact.get({ id: ada.id }), "NOT_FOUND");
    expect((await caller.contact.list({})).items.map((c) => c.id)).toEqual([other.id]);
    expect((await caller.contact.list({ search: "lovelace" })).items).toEqual([]);
    expect((await caller.contact.list({ search: "ad" })).items).toEqual([]);
    expect((await caller.contact.list({ companyId: acme.id })).items).toEqual([]);
    expect((await caller.contact.list({ tags: ["vip"] })).items).toEqual([]);
    await expectTRPCError(caller.contact.findByExternalRef({ namespace: "hubspot", id: "1" }), "NOT_FOUND");

    // Writes: 404 for update (both paths), a batch item, and the contact is not upserted.
    const nf = await expectTRPCError(
      caller.contact.update({ id: ada.id, data: { lastName: "X" } }),
      "NOT_FOUND",
    );
    expect(domainCauseOf(nf).reason).toBe("CONTACT_NOT_FOUND");
    await expectTRPCError(caller.contact.update({ id: ada.id, data: { tags: ["x"] } }), "NOT_FOUND");
    const batch = await caller.contact.batchUpdate({ items: [{ id: ada.id, data: { lastName: "X" } }] });
    expect(batch.results[0]).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND", reason: "CONTACT_NOT_FOUND" },
    });
    // Its reference is free: an upsert makes a new contact with it.
    const upserted = await caller.contact.upsertByExternalRef({
      namespace: "hubspot",
      id: "1",
      data: { firstName: "New holder" },
    });
    expect(upserted.outcome).toBe("created");
    expect(upserted.contact.id).not.toBe(ada.id);

    // History stays readable and says who deleted it and what the deletion freed.
    const history = await caller.contact.history({ id: ada.id });
    expect(history.items[0]).toMatchObject({
      type: "contact.deleted",
      actor: { type: "api_key", id: actor.id, name: actor.name },
      changes: {
        deletedAt: { from: null, to: deleted.deletedAt },
        externalRefs: {
          from: [
            { namespace: "hubspot", id: "1" },
            { namespace: "salesforce", id: "003A" },
          ],
          to: [],
        },
      },
    });
    // Untouched meanwhile: the version the deletion wrote.
    await expectTRPCError(caller.contact.delete({ id: ada.id }), "NOT_FOUND");
  });

  it("refuses a stale expectedVersion and writes nothing", async () => {
    const { caller } = await h.workspace();
    const { ada } = await seeded(caller);
    const error = await expectTRPCError(
      caller.contact.delete({ id: ada.id, expectedVersion: 2 }),
      "CONFLICT",
    );
    expect(domainCauseOf(error)).toMatchObject({ reason: "STALE_VERSION", details: { currentVersion: 1 } });
    expect(await caller.contact.get({ id: ada.id })).toEqual(ada);
    expect((await caller.contact.history({ id: ada.id })).items).toHaveLength(1);
  });

  it("answers bad input with 400 naming the field", async () => {
    const { caller } = await h.workspace();
    expect(await badRequestPaths(caller.contact.delete({} as never))).toEqual([["id"]]);
    expect(await badRequestPaths(caller.contact.delete({ id: "" }))).toEqual([["id"]]);
    expect(await badRequestPaths(caller.contact.delete({ id: "x", expectedVersion: 0 }))).toEqual([
      ["expectedVersion"],
    ]);
    expect(await badRequestPaths(caller.contact.delete({ id: "x", force: true } as never))).toEqual([
      ["force"],
    ]);
    expect(await badRequestPaths(caller.contact.restore({ id: 5 } as never))).toEqual([["id"]]);
    expect(await badRequestPaths(caller.contact.list({ deleted: true, search: "ada" }))).toEqual([
      ["search"],
    ]);
    expect(await badRequestPaths(caller.contact.list({ deleted: "yes" } as never))).toEqual([["deleted"]]);
    await expectTRPCError(caller.contact.delete({ id: "no-such-contact" }), "NOT_FOUND");
  });
});

describe("the bin and contact.restore", () => {
  it("lists deleted contacts newest deletion first, paged, and restores one as it was", async () => {
    const { caller } = await h.workspace();
    const { ada } = await seeded(caller);
    const grace = await caller.contact.create({ firstName: "Grace" });
    const alan = await caller.contact.create({ firstName: "Alan" });
    await caller.contact.delete({ id: grace.id });
    await tick();
    await caller.contact.delete({ id: ada.id });
    await tick();
    await caller.contact.delete({ id: alan.id });

    const first = await caller.contact.list({ deleted: true, limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([alan.id, ada.id]);
    expect(first.items[1]?.deletedAt).toBeDefined();
    const second = await caller.contact.list({ deleted: true, limit: 2, cursor: first.nextCursor });
    expect(second.items.map((c) => c.id)).toEqual([grace.id]);
    expect(second.nextCursor).toBeNull();

    const restored = await caller.contact.restore({ id: ada.id });
    expect(restored).toEqual({ ...ada, version: 3, updatedAt: restored.updatedAt });
    expect(await caller.contact.get({ id: ada.id })).toEqual(restored);
    expect((await caller.contact.findByExternalRef({ namespace: "salesforce", id: "003A" })).id).toBe(ada.id);
    expect((await caller.contact.list({ deleted: true })).items.map((c) => c.id)).toEqual([
      alan.id,
      grace.id,
    ]);
    expect((await caller.contact.history({ id: ada.id })).items[0]).toMatchObject({
      type: "contact.restored",
      changes: { externalRefs: { from: [], to: ada.externalRefs } },
    });
    // Restoring a live contact changes nothing.
    expect(await caller.contact.restore({ id: ada.id })).toEqual(restored);
  });

  it("refuses to restore while another contact holds one of its references, naming both", async () => {
    const { caller } = await h.workspace();
    const { ada } = await seeded(caller);
    await caller.contact.delete({ id: ada.id });
    const holder = await caller.contact.create({
      firstName: "Holder",
      externalRefs: [{ namespace: "salesforce", id: "003A" }],
    });
    const error = await expectTRPCError(caller.contact.restore({ id: ada.id }), "CONFLICT");
    expect(error.message).toContain("salesforce/003A");
    expect(error.message).toContain(holder.id);
    expect(domainCauseOf(error)).toMatchObject({
      reason: "RESTORE_REF_TAKEN",
      details: { contactId: holder.id, externalRef: { namespace: "salesforce", id: "003A" } },
    });
    // Nothing changed: still in the bin, the holder keeps the reference.
    expect((await caller.contact.list({ deleted: true })).items.map((c) => c.id)).toEqual([ada.id]);
    expect((await caller.contact.findByExternalRef({ namespace: "salesforce", id: "003A" })).id).toBe(
      holder.id,
    );

    await caller.contact.update({ id: holder.id, data: { externalRefs: null } });
    expect((await caller.contact.restore({ id: ada.id })).externalRefs).toEqual(ada.externalRefs);
  });

  it("keeps connections (with their one primary) and tags through delete and restore", async () => {
    const { caller } = await h.workspace();
    const { ada } = await seeded(caller);
    await caller.contact.delete({ id: ada.id });
    const back = await caller.contact.restore({ id: ada.id });
    expect(back.connections).toEqual(ada.connections);
    expect(back.tags).toEqual(["vip"]);
  });
});

describe("contact.batchDelete", () => {
  it("answers one result per id, in order", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A" });
    const b = await caller.contact.create({ firstName: "B" });
    const { results } = await caller.contact.batchDelete({ ids: [a.id, "missing", b.id, a.id] });
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
    expect(results[0]).toMatchObject({ ok: true, deleted: { id: a.id, version: 2 } });
    expect(results[1]).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND", reason: "CONTACT_NOT_FOUND" },
    });
    expect((await caller.contact.list({})).items).toEqual([]);
  });

  it("counts its ids as the items of a tRPC batch", () => {
    const ids = Array.from({ length: 600 }, (_, i) => `id-${i}`);
    expect(batchItems(["contact.batchDelete"], { 0: { ids } })).toBe(600);
  });

  it("takes 500 ids and refuses 501 or none", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A" });
    const ids = [a.id, ...Array.from({ length: 499 }, (_, i) => `missing-${i}`)];
    const { results } = await caller.contact.batchDelete({ ids });
    expect(results).toHaveLength(500);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const tooMany = await expectTRPCError(
      caller.contact.batchDelete({ ids: [...ids, "one-more"] }),
      "BAD_REQUEST",
    );
    expect(issuesOf(tooMany).map((i) => i.path)).toEqual([["ids"]]);
    expect(await badRequestPaths(caller.contact.batchDelete({ ids: [] }))).toEqual([["ids"]]);
    expect(await badRequestPaths(caller.contact.batchDelete({ ids: ["ok", ""] }))).toEqual([["ids", 1]]);
  });
});

describe("workspace isolation", () => {
  it("answers another workspace's contact as NOT_FOUND for delete, restore and batchDelete", async () => {
    const mine = await h.workspace();
    const theirs = await h.workspace("Other");
    const { ada } = await seeded(mine.caller);
    await expectTRPCError(theirs.caller.contact.delete({ id: ada.id }), "NOT_FOUND");
    const { results } = await theirs.caller.contact.batchDelete({ ids: [ada.id] });
    expect(results[0]?.ok).toBe(false);
    await mine.caller.contact.delete({ id: ada.id });
    await expectTRPCError(theirs.caller.contact.restore({ id: ada.id }), "NOT_FOUND");
    expect((await theirs.caller.contact.list({ deleted: true })).items).toEqual([]);
    await expectTRPCError(theirs.caller.contact.history({ id: ada.id }), "NOT_FOUND");
  });
});

describe("the change feed", () => {
  it("lists creation, deletion and restoration in order, each with its version and actor", async () => {
    const { caller, actor, ws } = await h.workspace();
    const ada = await caller.contact.create({ firstName: "Ada" });
    const user = callerAs(h, { workspaceId: ws.id, type: "user", id: "u1", name: "Uma", scopes: "all" });
    await user.contact.delete({ id: ada.id });
    await caller.contact.restore({ id: ada.id });
    const feed = await caller.contact.changes({});
    expect(feed.items.map((e) => [e.type, e.version, e.actor.id])).toEqual([
      ["contact.created", 1, actor.id],
      ["contact.deleted", 2, "u1"],
      ["contact.restored", 3, actor.id],
    ]);
    // The current state of a deleted contact is not offered as a live one: its id is listed
    // as removed, so a mirror drops it.
    await caller.contact.delete({ id: ada.id });
    const changed = await caller.contact.changedContacts({ after: feed.cursor });
    expect(changed.items).toEqual([]);
    expect(changed.removedIds).toEqual([ada.id]);
    expect(changed.cursor).not.toBe(feed.cursor);
  });
});
