import { describe, expect, it } from "vitest";
import {
  badRequestPaths,
  type Caller,
  domainCauseOf,
  existing,
  expectTRPCError,
  issuesOf,
} from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §6.16 contact.merge. */
const statements: string[] = [];
const h = useHarness({ onQuery: (q) => statements.push(q) });

async function pair(caller: Caller) {
  const acme = await caller.company.create({ name: "Acme" });
  const globex = await caller.company.create({ name: "Globex" });
  const survivor = await caller.contact.create({
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    tags: ["VIP", "esg"],
    connections: [{ company: existing(acme.id), primary: true, jobTitle: "CFO" }],
    externalRefs: [{ namespace: "hubspot", id: "1" }],
  });
  const merged = await caller.contact.create({
    firstName: "Ada",
    lastName: "Byron",
    phone: "+46701234567",
    strategy: "Long only",
    tags: ["vip", "tier 1"],
    connections: [
      { company: existing(globex.id), primary: true, jobTitle: "Board" },
      { company: existing(acme.id), jobTitle: "Advisor" },
    ],
    externalRefs: [
      { namespace: "salesforce", id: "003B" },
      { namespace: "hubspot", id: "2" },
    ],
  });
  return { acme, globex, survivor, merged };
}

describe("contact.merge", () => {
  it("keeps the survivor's values, fills its gaps from the merged contact and unites the lists", async () => {
    const { caller } = await h.workspace();
    const { acme, globex, survivor, merged } = await pair(caller);

    const result = await caller.contact.merge({ survivorId: survivor.id, mergedId: merged.id });
    expect(result).toMatchObject({
      id: survivor.id,
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      phone: "+46701234567",
      strategy: "Long only",
      tags: ["VIP", "esg", "tier 1"],
      connections: [
        { company: { id: acme.id, name: "Acme" }, jobTitle: "CFO", primary: true },
        { company: { id: globex.id, name: "Globex" }, jobTitle: "Board", primary: false },
      ],
      externalRefs: [
        { namespace: "hubspot", id: "1" },
        { namespace: "salesforce", id: "003B" },
        { namespace: "hubspot", id: "2" },
      ],
      version: 2,
    });
    expect(result.redirectedFrom).toBeUndefined();
    expect(await caller.contact.get({ id: survivor.id })).toEqual(result);

    // The merged id and its references lead to the survivor.
    expect(await caller.contact.get({ id: merged.id })).toEqual({ ...result, redirectedFrom: merged.id });
    expect((await caller.contact.findByExternalRef({ namespace: "salesforce", id: "003B" })).id).toBe(
      survivor.id,
    );
    expect((await caller.contact.list({})).items.map((c) => c.id)).toEqual([survivor.id]);
    expect((await caller.contact.list({ deleted: true })).items).toEqual([]);

    // The history of both tells the story.
    const [gained] = (await caller.contact.history({ id: survivor.id })).items;
    expect(gained).toMatchObject({
      type: "contact.updated",
      changes: {
        phone: { from: null, to: "+46701234567" },
        strategy: { from: null, to: "Long only" },
        tags: { from: ["VIP", "esg"], to: ["VIP", "esg", "tier 1"] },
        mergedFrom: { from: null, to: merged.id },
      },
    });
    expect(Object.keys(gained?.changes ?? {})).not.toContain("email");
    const [gone] = (await caller.contact.history({ id: merged.id })).items;
    expect(gone).toMatchObject({
      type: "contact.merged",
      changes: {
        mergedInto: { from: null, to: survivor.id },
        externalRefs: { from: merged.externalRefs, to: [] },
      },
    });
  });

  it("takes each field from the side chosen, both sides at once", async () => {
    const { caller } = await h.workspace();
    const { survivor, merged } = await pair(caller);
    const result = await caller.contact.merge({
      survivorId: survivor.id,
      mergedId: merged.id,
      fields: { lastName: "merged", email: "survivor", phone: "survivor", strategy: "merged" },
      expectedVersions: { survivor: 1, merged: 1 },
    });
    expect(result).toMatchObject({
      firstName: "Ada",
      lastName: "Byron",
      email: "ada@example.com",
      phone: null,
      strategy: "Long only",
    });
  });

  it("follows a chain of merges to the last survivor", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A" });
    const b = await caller.contact.create({ firstName: "B" });
    const c = await caller.contact.create({ firstName: "C" });
    await caller.contact.merge({ survivorId: b.id, mergedId: a.id });
    await caller.contact.merge({ survivorId: c.id, mergedId: b.id });
    expect(await caller.contact.get({ id: a.id })).toMatchObject({ id: c.id, redirectedFrom: a.id });
    expect(await caller.contact.get({ id: b.id })).toMatchObject({ id: c.id, redirectedFrom: b.id });
  });

  it("refuses merged, deleted and erased contacts, stale versions and other workspaces, writing nothing", async () => {
    const { caller } = await h.workspace();
    const other = await h.workspace("Other");
    const { survivor, merged } = await pair(caller);
    const before = await caller.contact.get({ id: merged.id });

    const stale = await expectTRPCError(
      caller.contact.merge({ survivorId: survivor.id, mergedId: merged.id, expectedVersions: { merged: 3 } }),
      "CONFLICT",
    );
    expect(domainCauseOf(stale)).toMatchObject({ reason: "STALE_VERSION", details: { currentVersion: 1 } });
    await expectTRPCError(
      other.caller.contact.merge({ survivorId: survivor.id, mergedId: merged.id }),
      "NOT_FOUND",
    );
    const theirs = await other.caller.contact.create({ firstName: "Theirs" });
    await expectTRPCError(
      caller.contact.merge({ survivorId: survivor.id, mergedId: theirs.id }),
      "NOT_FOUND",
    );
    expect(await caller.contact.get({ id: merged.id })).toEqual(before);

    const binned = await caller.contact.create({ firstName: "Binned" });
    await caller.contact.delete({ id: binned.id });
    const deleted = await expectTRPCError(
      caller.contact.merge({ survivorId: survivor.id, mergedId: binned.id }),
      "CONFLICT",
    );
    expect(domainCauseOf(deleted).reason).toBe("CONTACT_DELETED");

    const erased = await caller.contact.create({ firstName: "Erased" });
    await caller.contact.erase({ id: erased.id });
    const gone = await expectTRPCError(
      caller.contact.merge({ survivorId: erased.id, mergedId: merged.id }),
      "CONFLICT",
    );
    expect(domainCauseOf(gone).reason).toBe("CONTACT_ERASED");

    await caller.contact.merge({ survivorId: survivor.id, mergedId: merged.id });
    const again = await expectTRPCError(
      caller.contact.merge({ survivorId: survivor.id, mergedId: merged.id }),
      "CONFLICT",
    );
    expect(domainCauseOf(again)).toMatchObject({
      reason: "CONTACT_MERGED",
      details: { contactId: survivor.id },
    });
    await expectTRPCError(caller.contact.restore({ id: merged.id }), "CONFLICT");
    await expectTRPCError(caller.contact.delete({ id: merged.id }), "NOT_FOUND");
  });

  it("answers bad input with 400 naming the field, and writes nothing", async () => {
    const { caller } = await h.workspace();
    const survivor = await caller.contact.create({ firstName: "Solo" });
    const merged = await caller.contact.create({ email: "only@example.com" });
    const id = survivor.id;
    expect(await badRequestPaths(caller.contact.merge({ survivorId: id, mergedId: id }))).toEqual([
      ["mergedId"],
    ]);
    expect(await badRequestPaths(caller.contact.merge({ survivorId: id } as never))).toEqual([["mergedId"]]);
    expect(
      await badRequestPaths(
        caller.contact.merge({ survivorId: id, mergedId: merged.id, fields: { bogus: "merged" } as never }),
      ),
    ).toEqual([["fields", "bogus"]]);
    expect(
      await badRequestPaths(
        caller.contact.merge({ survivorId: id, mergedId: merged.id, fields: { email: "theirs" } as never }),
      ),
    ).toEqual([["fields", "email"]]);
    expect(
      await badRequestPaths(
        caller.contact.merge({ survivorId: id, mergedId: merged.id, fields: { tags: "merged" } as never }),
      ),
    ).toEqual([["fields", "tags"]]);
    expect(
      await badRequestPaths(
        caller.contact.merge({ survivorId: id, mergedId: merged.id, expectedVersions: { survivor: 0 } }),
      ),
    ).toEqual([["expectedVersions", "survivor"]]);

    // Choosing the merged side's missing name and the survivor's missing email leaves no identity.
    const identity = await expectTRPCError(
      caller.contact.merge({
        survivorId: id,
        mergedId: merged.id,
        fields: { firstName: "merged", email: "survivor" },
      }),
      "BAD_REQUEST",
    );
    expect(domainCauseOf(identity).reason).toBe("IDENTITY_REQUIRED");
    expect(issuesOf(identity).map((i) => i.path)).toEqual([["fields", "firstName"]]);
    // The merged contact's deletion in the same transaction was rolled back.
    expect(await caller.contact.get({ id: merged.id })).toEqual(merged);
    expect(await caller.contact.get({ id })).toEqual(survivor);
  });

  it("refuses lists that together exceed a contact's limits", async () => {
    const { caller } = await h.workspace();
    const tags = (p: string) => Array.from({ length: 60 }, (_, i) => `${p}${i}`);
    const a = await caller.contact.create({ firstName: "A", tags: tags("a") });
    const b = await caller.contact.create({ firstName: "B", tags: tags("b") });
    const error = await expectTRPCError(
      caller.contact.merge({ survivorId: a.id, mergedId: b.id }),
      "BAD_REQUEST",
    );
    expect(issuesOf(error)).toEqual([
      { path: ["mergedId"], message: "Together the two contacts have 120 tags, more than 100" },
    ]);
  });

  it("serializes opposite merges of one pair: one wins, the other is refused, no deadlock", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A" });
    const b = await caller.contact.create({ firstName: "B" });
    const outcomes = await Promise.allSettled([
      caller.contact.merge({ survivorId: a.id, mergedId: b.id }),
      caller.contact.merge({ survivorId: b.id, mergedId: a.id }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const live = (await caller.contact.list({})).items;
    expect(live).toHaveLength(1);
  });

  it("costs five statements: begin, lock and read both, the merged contact's write, the survivor's, commit", async () => {
    const { caller } = await h.workspace();
    const { survivor, merged } = await pair(caller);
    statements.length = 0;
    await caller.contact.merge({ survivorId: survivor.id, mergedId: merged.id });
    const work = statements.filter((q) => !/^\s*(begin|commit)\b/i.test(q));
    expect(work).toHaveLength(3);
  });
});

describe("the change feed", () => {
  it("shows the merged contact's contact.merged, then the survivor's contact.updated", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A" });
    const b = await caller.contact.create({ firstName: "B", email: "b@example.com" });
    await caller.contact.merge({ survivorId: a.id, mergedId: b.id });
    const feed = await caller.contact.changes({});
    expect(feed.items.map((e) => [e.type, e.contactId, e.version])).toEqual([
      ["contact.created", a.id, 1],
      ["contact.created", b.id, 1],
      ["contact.merged", b.id, 2],
      ["contact.updated", a.id, 2],
    ]);
    expect(feed.items[3]?.changes.email).toEqual({ from: null, to: "b@example.com" });
  });
});
