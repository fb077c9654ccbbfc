import { describe, expect, it } from "vitest";
import {
  badRequestPaths,
  type Caller,
  callerAs,
  domainCauseOf,
  existing,
  expectTRPCError,
  snapshot,
  tick,
} from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §4.4–4.7: all or nothing, no-op detection, version and history, expectedVersion. */

const h = useHarness();

async function seeded(caller: Caller) {
  const acme = await caller.company.create({ name: "Acme" });
  const globex = await caller.company.create({ name: "Globex" });
  const contact = await caller.contact.create({
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    strategy: "Long only",
    tags: ["vip", "ir"],
    connections: [
      { company: existing(acme.id), jobTitle: "CFO", primary: true },
      { company: existing(globex.id), jobTitle: "Board" },
    ],
    externalRefs: [{ namespace: "salesforce", id: "003A" }],
  });
  return { contact, acme, globex };
}

describe("all or nothing: a rejected update changes nothing", () => {
  /** Every field an update could touch, so that a partial write would show somewhere. */
  const sweepingChange = (globexId: string) => ({
    firstName: "Changed",
    email: "changed@example.com",
    phone: "+46701234567",
    blocked: true,
    tags: ["changed"],
    externalRefs: [{ namespace: "hubspot", id: "new-1" }],
    connections: [{ company: existing(globexId), jobTitle: "CEO", primary: true }],
  });

  async function expectUntouched(caller: Caller, id: string, before: Awaited<ReturnType<typeof snapshot>>) {
    expect(await snapshot(caller, id)).toEqual(before);
    // The refs table too: the old pair still finds the contact, the new one finds nothing.
    expect((await caller.contact.findByExternalRef({ namespace: "salesforce", id: "003A" })).id).toBe(id);
    await expectTRPCError(
      caller.contact.findByExternalRef({ namespace: "hubspot", id: "new-1" }),
      "NOT_FOUND",
    );
  }

  it("an unknown company id", async () => {
    const { caller } = await h.workspace();
    const { contact, globex } = await seeded(caller);
    const before = await snapshot(caller, contact.id);
    const data = sweepingChange(globex.id);
    const error = await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: {
          ...data,
          connections: [...data.connections, { company: existing("no-such-company"), jobTitle: null }],
        },
      }),
      "BAD_REQUEST",
    );
    expect(domainCauseOf(error).code).toBe("BAD_REQUEST");
    await expectUntouched(caller, contact.id, before);
  });

  it("an external ref another contact holds", async () => {
    const { caller } = await h.workspace();
    const { contact, globex } = await seeded(caller);
    const holder = await caller.contact.create({
      firstName: "Holder",
      externalRefs: [{ namespace: "pipedrive", id: "77" }],
    });
    const before = await snapshot(caller, contact.id);
    const holderBefore = await snapshot(caller, holder.id);
    const data = sweepingChange(globex.id);
    await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: { ...data, externalRefs: [...data.externalRefs, { namespace: "pipedrive", id: "77" }] },
      }),
      "CONFLICT",
    );
    await expectUntouched(caller, contact.id, before);
    expect(await snapshot(caller, holder.id)).toEqual(holderBefore);
  });

  it("an update that would leave no identity field", async () => {
    const { caller } = await h.workspace();
    const { contact, globex } = await seeded(caller);
    const before = await snapshot(caller, contact.id);
    await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: { ...sweepingChange(globex.id), firstName: null, lastName: null, email: null },
      }),
      "BAD_REQUEST",
    );
    await expectUntouched(caller, contact.id, before);
  });

  it("a stale expectedVersion", async () => {
    const { caller } = await h.workspace();
    const { contact, globex } = await seeded(caller);
    await caller.contact.update({ id: contact.id, data: { strategy: "Moved on" } });
    const before = await snapshot(caller, contact.id);
    await expectTRPCError(
      caller.contact.update({ id: contact.id, data: sweepingChange(globex.id), expectedVersion: 1 }),
      "CONFLICT",
    );
    await expectUntouched(caller, contact.id, before);
  });

  it("one invalid field among valid ones", async () => {
    const { caller } = await h.workspace();
    const { contact, globex } = await seeded(caller);
    const before = await snapshot(caller, contact.id);
    const paths = await badRequestPaths(
      caller.contact.update({ id: contact.id, data: { ...sweepingChange(globex.id), phone: "not a phone" } }),
    );
    expect(paths).toEqual([["data", "phone"]]);
    await expectUntouched(caller, contact.id, before);
  });

  it("an invalid connections list (two primaries)", async () => {
    const { caller } = await h.workspace();
    const { contact, acme, globex } = await seeded(caller);
    const before = await snapshot(caller, contact.id);
    await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: {
          ...sweepingChange(globex.id),
          connections: [
            { company: existing(acme.id), primary: true },
            { company: existing(globex.id), primary: true },
          ],
        },
      }),
      "BAD_REQUEST",
    );
    await expectUntouched(caller, contact.id, before);
  });

  it("an unknown contact id is NOT_FOUND and creates nothing", async () => {
    const { caller } = await h.workspace();
    await expectTRPCError(
      caller.contact.update({ id: "no-such-contact", data: { firstName: "Ghost" } }),
      "NOT_FOUND",
    );
    expect((await caller.contact.list({})).items).toEqual([]);
  });
});

describe("no-op detection: nothing differs after normalization → nothing is written", () => {
  async function expectNoop(
    caller: Caller,
    id: string,
    data: Parameters<Caller["contact"]["update"]>[0]["data"],
  ) {
    const before = await snapshot(caller, id);
    await tick();
    const result = await caller.contact.update({ id, data });
    expect(result).toEqual(before.contact);
    expect(await snapshot(caller, id)).toEqual(before);
  }

  it('" Ada " equals the stored "Ada"', async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    await expectNoop(caller, contact.id, { firstName: " Ada ", lastName: "Lovelace\n" });
  });

  it("an email differing only in case and padding", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    await expectNoop(caller, contact.id, { email: "  ADA@Example.COM " });
  });

  it("a phone number in another format of the same E.164 number", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({ firstName: "Ada", phone: "+46701234567" });
    await expectNoop(caller, created.id, { phone: "+46 70-123 45 67" });
  });

  it("a LinkedIn URL with the same canonical form", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({
      firstName: "Ada",
      linkedInUrl: "https://www.linkedin.com/in/ada",
    });
    await expectNoop(caller, created.id, { linkedInUrl: "http://linkedin.com/in/ada/?trk=x" });
  });

  it("a language code in another case", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({ firstName: "Ada", primaryLanguage: "sv" });
    await expectNoop(caller, created.id, { primaryLanguage: "SV" });
  });

  it("the same tags in the same order (after trim and dedupe)", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    await expectNoop(caller, contact.id, { tags: [" vip", "ir ", "VIP"] });
  });

  it("the same connections (primary false by default, job titles trimmed)", async () => {
    const { caller } = await h.workspace();
    const { contact, acme, globex } = await seeded(caller);
    await expectNoop(caller, contact.id, {
      connections: [
        { company: existing(acme.id), jobTitle: " CFO ", primary: true },
        { company: existing(globex.id), jobTitle: "Board", primary: false },
      ],
    });
    await expectNoop(caller, contact.id, {
      connections: [
        { company: existing(acme.id), jobTitle: "CFO", primary: true },
        { company: existing(globex.id), jobTitle: "Board" },
      ],
    });
  });

  it("the same external refs with the namespace in another case", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    await expectNoop(caller, contact.id, { externalRefs: [{ namespace: "SalesForce", id: "003A" }] });
  });

  it("null for a field already null, [] for a list already empty", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({ firstName: "Ada" });
    await expectNoop(caller, created.id, {
      lastName: null,
      phone: "",
      blocked: null,
      profilePictureId: null,
      tags: [],
      connections: null,
      externalRefs: [],
    });
  });

  it("every field resent as stored", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    const { id, version, createdAt, updatedAt, connections, ...fields } = contact;
    await expectNoop(caller, id, {
      ...fields,
      connections: connections.map((c) => ({
        company: existing(c.company.id),
        jobTitle: c.jobTitle,
        primary: c.primary,
      })),
    });
  });

  it("a no-op with a matching expectedVersion still writes nothing", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    const before = await snapshot(caller, contact.id);
    const result = await caller.contact.update({
      id: contact.id,
      data: { firstName: "Ada" },
      expectedVersion: 1,
    });
    expect(result.version).toBe(1);
    expect(await snapshot(caller, contact.id)).toEqual(before);
  });

  it("reordered tags are a change, not a no-op", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    const result = await caller.contact.update({ id: contact.id, data: { tags: ["ir", "vip"] } });
    expect(result.version).toBe(2);
    expect(result.tags).toEqual(["ir", "vip"]);
  });

  it("a tag respelled in another case is a change (the spelling is stored)", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    const result = await caller.contact.update({ id: contact.id, data: { tags: ["VIP", "ir"] } });
    expect(result.version).toBe(2);
    expect(result.tags).toEqual(["VIP", "ir"]);
  });
});

describe("an effective update: version + 1, updatedAt, one history entry", () => {
  it("bumps the version by exactly one per update and moves updatedAt", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    let previous = contact;
    for (const [n, strategy] of ["One", "Two", "Three"].entries()) {
      await tick();
      const result = await caller.contact.update({ id: contact.id, data: { strategy } });
      expect(result.version).toBe(n + 2);
      expect(result.createdAt).toBe(contact.createdAt);
      expect(Date.parse(result.updatedAt)).toBeGreaterThan(Date.parse(previous.updatedAt));
      expect(await caller.contact.get({ id: contact.id })).toEqual(result);
      previous = result;
    }
    expect((await caller.contact.history({ id: contact.id })).items).toHaveLength(4);
  });

  it("writes one entry with the actor and { from, to } for changed fields only", async () => {
    const { caller, actor } = await h.workspace();
    const { contact, acme, globex } = await seeded(caller);
    const before = (await caller.contact.history({ id: contact.id })).items;
    const result = await caller.contact.update({
      id: contact.id,
      data: {
        firstName: " Ada ", // unchanged after trim: not in the entry
        lastName: "King",
        email: "ADA@example.com", // unchanged after lower-casing
        phone: "+46 70 123 45 67",
        strategy: null,
        tags: ["vip", "ir"], // unchanged
        connections: [
          { company: existing(globex.id), jobTitle: "Board", primary: true },
          { company: existing(acme.id), jobTitle: "CFO" },
        ],
        externalRefs: [{ namespace: "salesforce", id: "003A" }], // unchanged
      },
    });
    const after = (await caller.contact.history({ id: contact.id })).items;
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(1)).toEqual(before);
    const entry = after[0]!;
    expect(entry.actor).toEqual({ type: actor.type, id: actor.id, name: actor.name });
    expect(Date.parse(entry.at)).not.toBeNaN();
    expect(entry.changes).toEqual({
      lastName: { from: "Lovelace", to: "King" },
      phone: { from: null, to: "+46701234567" },
      strategy: { from: "Long only", to: null },
      connections: {
        from: contact.connections,
        to: [
          { company: { id: globex.id, name: "Globex" }, jobTitle: "Board", primary: true },
          { company: { id: acme.id, name: "Acme" }, jobTitle: "CFO", primary: false },
        ],
      },
    });
    expect(result.connections).toEqual(entry.changes.connections?.to);
  });

  it("records lists cleared by null as { from: [...], to: [] }", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    await caller.contact.update({ id: contact.id, data: { tags: null, externalRefs: null } });
    const [entry] = (await caller.contact.history({ id: contact.id })).items;
    expect(entry?.changes).toEqual({
      tags: { from: ["vip", "ir"], to: [] },
      externalRefs: { from: [{ namespace: "salesforce", id: "003A" }], to: [] },
    });
  });

  it("records each actor as it was: a user, then a script", async () => {
    const { caller, actor } = await h.workspace();
    const { contact } = await seeded(caller);
    const user = callerAs(h, {
      workspaceId: actor.workspaceId,
      type: "user",
      id: "u-1",
      name: "Grace Hopper",
      scopes: "all",
    });
    const script = callerAs(h, {
      workspaceId: actor.workspaceId,
      type: "script",
      id: "import",
      name: "CSV import",
      scopes: "all",
    });
    await user.contact.update({ id: contact.id, data: { strategy: "by user" } });
    await script.contact.update({ id: contact.id, data: { strategy: "by script" } });
    const items = (await caller.contact.history({ id: contact.id })).items;
    expect(items.slice(0, 2).map((i) => [i.actor, i.changes])).toEqual([
      [
        { type: "script", id: "import", name: "CSV import" },
        { strategy: { from: "by user", to: "by script" } },
      ],
      [{ type: "user", id: "u-1", name: "Grace Hopper" }, { strategy: { from: "Long only", to: "by user" } }],
    ]);
  });
});

describe("expectedVersion", () => {
  it("a matching version applies the update", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    const v2 = await caller.contact.update({ id: contact.id, data: { strategy: "a" }, expectedVersion: 1 });
    expect(v2.version).toBe(2);
    const v3 = await caller.contact.update({ id: contact.id, data: { strategy: "b" }, expectedVersion: 2 });
    expect(v3).toMatchObject({ version: 3, strategy: "b" });
  });

  it("a stale version is CONFLICT naming the current version, and writes nothing", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    await caller.contact.update({ id: contact.id, data: { strategy: "a" } });
    const before = await snapshot(caller, contact.id);
    const error = await expectTRPCError(
      caller.contact.update({ id: contact.id, data: { strategy: "b" }, expectedVersion: 1 }),
      "CONFLICT",
    );
    expect(error.message).toMatch(/version 2/);
    expect(domainCauseOf(error).details).toEqual({ currentVersion: 2 });
    expect(await snapshot(caller, contact.id)).toEqual(before);
  });

  it("a version from the future is CONFLICT too", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    await expectTRPCError(
      caller.contact.update({ id: contact.id, data: { strategy: "b" }, expectedVersion: 5 }),
      "CONFLICT",
    );
    expect((await caller.contact.get({ id: contact.id })).version).toBe(1);
  });

  it("must be a whole number ≥ 1", async () => {
    const { caller } = await h.workspace();
    const { contact } = await seeded(caller);
    for (const expectedVersion of [0, -1, 1.5]) {
      const paths = await badRequestPaths(
        caller.contact.update({ id: contact.id, data: { strategy: "x" }, expectedVersion }),
      );
      expect(paths).toEqual([["expectedVersion"]]);
    }
    await badRequestPaths(
      // @ts-expect-error a string is what this test sends
      caller.contact.update({ id: contact.id, data: { strategy: "x" }, expectedVersion: "1" }),
    );
    expect((await caller.contact.get({ id: contact.id })).version).toBe(1);
  });

  it("on an unknown contact is NOT_FOUND, not CONFLICT", async () => {
    const { caller } = await h.workspace();
    await expectTRPCError(
      caller.contact.update({ id: "nope", data: { strategy: "x" }, expectedVersion: 1 }),
      "NOT_FOUND",
    );
  });
});
