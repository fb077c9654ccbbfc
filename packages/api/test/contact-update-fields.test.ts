import { SCALAR_FIELDS, toErrorIssues, type UpdateContactRequestInput } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  badRequestPaths,
  type Caller,
  existing,
  expectTRPCError,
  issuesOf,
  snapshot,
} from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §4.1–4.3: omitted vs null, empty strings, the identity rule, whole lists, unknown keys. */

const h = useHarness();

/** A contact with every field set, and a second company to move connections to. */
async function fullContact(caller: Caller) {
  const acme = await caller.company.create({ name: "Acme" });
  const globex = await caller.company.create({ name: "Globex" });
  const contact = await caller.contact.create({
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    phone: "+46701234567",
    linkedInUrl: "https://www.linkedin.com/in/ada-lovelace",
    primaryLanguage: "en",
    profilePictureId: 42,
    strategy: "Long only",
    blocked: false,
    tags: ["vip", "ir"],
    connections: [{ company: existing(acme.id), jobTitle: "CFO", primary: true }],
    externalRefs: [{ namespace: "salesforce", id: "003A" }],
  });
  return { contact, acme, globex };
}

/** A valid value for each scalar, different from the one `fullContact` stored. */
const otherValues: Required<Pick<UpdateContactRequestInput, (typeof SCALAR_FIELDS)[number]>> = {
  firstName: "Augusta",
  lastName: "King",
  email: "augusta@example.org",
  phone: "+14155552671",
  linkedInUrl: "https://www.linkedin.com/in/augusta-king",
  primaryLanguage: "fr",
  profilePictureId: 7,
  strategy: "Activist",
  blocked: true,
};

describe("omitted fields are left unchanged", () => {
  it("an empty data object changes nothing at all", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const before = await snapshot(caller, contact.id);
    const result = await caller.contact.update({ id: contact.id, data: {} });
    expect(result).toEqual(contact);
    expect(await snapshot(caller, contact.id)).toEqual(before);
  });

  it.each(SCALAR_FIELDS)("setting only %s leaves every other field as it was", async (field) => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({ id: contact.id, data: { [field]: otherValues[field] } });
    expect(result).toEqual({
      ...contact,
      [field]: otherValues[field],
      version: 2,
      updatedAt: result.updatedAt,
    });
    expect(await caller.contact.get({ id: contact.id })).toEqual(result);
  });

  it("setting one list leaves the other two lists as they were", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({ id: contact.id, data: { tags: ["new"] } });
    expect(result.tags).toEqual(["new"]);
    expect(result.connections).toEqual(contact.connections);
    expect(result.externalRefs).toEqual(contact.externalRefs);
    expect(await caller.contact.get({ id: contact.id })).toEqual(result);
  });
});

describe("null clears", () => {
  // firstName, lastName and email are cleared one at a time: the others keep the identity.
  it.each(SCALAR_FIELDS)("null clears %s and nothing else", async (field) => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({ id: contact.id, data: { [field]: null } });
    expect(result).toEqual({ ...contact, [field]: null, version: 2, updatedAt: result.updatedAt });
    expect(await caller.contact.get({ id: contact.id })).toEqual(result);
  });

  it.each(["tags", "connections", "externalRefs"] as const)("null clears %s to []", async (field) => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    expect(contact[field]).toHaveLength(1 + (field === "tags" ? 1 : 0));
    const result = await caller.contact.update({ id: contact.id, data: { [field]: null } });
    expect(result).toEqual({ ...contact, [field]: [], version: 2, updatedAt: result.updatedAt });
    expect(await caller.contact.get({ id: contact.id })).toEqual(result);
  });

  it("an empty list clears like null", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({
      id: contact.id,
      data: { tags: [], connections: [], externalRefs: [] },
    });
    expect(result).toMatchObject({ tags: [], connections: [], externalRefs: [], version: 2 });
    expect(await caller.contact.get({ id: contact.id })).toEqual(result);
  });

  it("a cleared external ref no longer finds the contact", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    await caller.contact.update({ id: contact.id, data: { externalRefs: null } });
    await expectTRPCError(
      caller.contact.findByExternalRef({ namespace: "salesforce", id: "003A" }),
      "NOT_FOUND",
    );
  });

  it("every field but one identity field cleared at once", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({
      id: contact.id,
      data: {
        firstName: null,
        lastName: null,
        phone: null,
        linkedInUrl: null,
        primaryLanguage: null,
        profilePictureId: null,
        strategy: null,
        blocked: null,
        tags: null,
        connections: null,
        externalRefs: null,
      },
    });
    expect(result).toEqual({
      ...contact,
      firstName: null,
      lastName: null,
      phone: null,
      linkedInUrl: null,
      primaryLanguage: null,
      profilePictureId: null,
      strategy: null,
      blocked: null,
      tags: [],
      connections: [],
      externalRefs: [],
      version: 2,
      updatedAt: result.updatedAt,
    });
  });

  it("blocked: false is a value, not a clear", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const blocked = await caller.contact.update({ id: contact.id, data: { blocked: true } });
    expect(blocked.blocked).toBe(true);
    const unblocked = await caller.contact.update({ id: contact.id, data: { blocked: false } });
    expect(unblocked.blocked).toBe(false);
    const cleared = await caller.contact.update({ id: contact.id, data: { blocked: null } });
    expect(cleared.blocked).toBeNull();
  });

  it("profilePictureId: 0 is a value, not a clear", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({ id: contact.id, data: { profilePictureId: 0 } });
    expect(result.profilePictureId).toBe(0);
    expect((await caller.contact.get({ id: contact.id })).profilePictureId).toBe(0);
  });
});

describe("empty or whitespace-only strings count as null", () => {
  const textFields = [
    "firstName",
    "lastName",
    "email",
    "phone",
    "linkedInUrl",
    "primaryLanguage",
    "strategy",
  ] as const;

  it.each(textFields)('"" clears %s', async (field) => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({ id: contact.id, data: { [field]: "" } });
    expect(result[field]).toBeNull();
    expect(result.version).toBe(2);
    expect((await caller.contact.get({ id: contact.id }))[field]).toBeNull();
  });

  it.each(textFields)('" \\t\\n " clears %s', async (field) => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({ id: contact.id, data: { [field]: " \t\n " } });
    expect(result[field]).toBeNull();
    expect((await caller.contact.get({ id: contact.id }))[field]).toBeNull();
  });

  it("a whitespace-only string on a field that is already null is a no-op", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({ firstName: "Ada" });
    const result = await caller.contact.update({ id: created.id, data: { phone: "   ", strategy: "" } });
    expect(result).toEqual(created);
    expect((await caller.contact.history({ id: created.id })).items).toHaveLength(1);
  });

  it("an empty or blank job title is stored as null", async () => {
    const { caller } = await h.workspace();
    const { contact, acme, globex } = await fullContact(caller);
    const result = await caller.contact.update({
      id: contact.id,
      data: {
        connections: [
          { company: existing(acme.id), jobTitle: "", primary: true },
          { company: existing(globex.id), jobTitle: "  " },
        ],
      },
    });
    expect(result.connections.map((c) => c.jobTitle)).toEqual([null, null]);
  });
});

describe("the identity rule: at least one of firstName, lastName, email", () => {
  it("clearing all three is BAD_REQUEST and writes nothing", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const before = await snapshot(caller, contact.id);
    const paths = await badRequestPaths(
      caller.contact.update({ id: contact.id, data: { firstName: null, lastName: "", email: "  " } }),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        ["data", "firstName"],
        ["data", "lastName"],
        ["data", "email"],
      ]),
    );
    expect(await snapshot(caller, contact.id)).toEqual(before);
  });

  it("clearing the last remaining identity field is BAD_REQUEST naming it", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({ email: "only@example.com", tags: ["a"] });
    const before = await snapshot(caller, created.id);
    const error = await expectTRPCError(
      caller.contact.update({ id: created.id, data: { email: null, tags: ["b"], strategy: "x" } }),
      "BAD_REQUEST",
    );
    expect(issuesOf(error)).toEqual([
      { path: ["data", "email"], message: expect.stringMatching(/firstName, lastName or email/) },
    ]);
    expect(await snapshot(caller, created.id)).toEqual(before);
  });

  it("clearing two of three while the third stays is fine", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({ id: contact.id, data: { firstName: null, email: null } });
    expect(result).toMatchObject({ firstName: null, lastName: "Lovelace", email: null });
  });

  it("swapping identity fields in one request is fine (the result is what counts)", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({ firstName: "Ada" });
    const result = await caller.contact.update({
      id: created.id,
      data: { firstName: null, email: "ada@example.com" },
    });
    expect(result).toMatchObject({ firstName: null, lastName: null, email: "ada@example.com" });
  });
});

describe("lists are replaced as a whole, in the order written", () => {
  it("tags: the new list replaces the old one and keeps its order", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const result = await caller.contact.update({ id: contact.id, data: { tags: ["zeta", "alpha", "vip"] } });
    expect(result.tags).toEqual(["zeta", "alpha", "vip"]);
    expect((await caller.contact.get({ id: contact.id })).tags).toEqual(["zeta", "alpha", "vip"]);
    const reordered = await caller.contact.update({
      id: contact.id,
      data: { tags: ["vip", "zeta", "alpha"] },
    });
    expect(reordered.tags).toEqual(["vip", "zeta", "alpha"]);
    expect(reordered.version).toBe(3);
  });

  it("connections: replaced, in order, with each company's name", async () => {
    const { caller } = await h.workspace();
    const { contact, acme, globex } = await fullContact(caller);
    const initech = await caller.company.create({ name: "Initech" });
    const result = await caller.contact.update({
      id: contact.id,
      data: {
        connections: [
          { company: existing(initech.id), jobTitle: "Advisor" },
          { company: existing(globex.id), jobTitle: "CEO", primary: true },
          { company: existing(acme.id) },
        ],
      },
    });
    const expected = [
      { company: { id: initech.id, name: "Initech" }, jobTitle: "Advisor", primary: false },
      { company: { id: globex.id, name: "Globex" }, jobTitle: "CEO", primary: true },
      { company: { id: acme.id, name: "Acme" }, jobTitle: null, primary: false },
    ];
    expect(result.connections).toEqual(expected);
    expect((await caller.contact.get({ id: contact.id })).connections).toEqual(expected);

    const reversed = await caller.contact.update({
      id: contact.id,
      data: {
        connections: [
          { company: existing(acme.id), primary: true },
          { company: existing(initech.id), jobTitle: "Advisor" },
        ],
      },
    });
    expect(reversed.connections).toEqual([
      { company: { id: acme.id, name: "Acme" }, jobTitle: null, primary: true },
      { company: { id: initech.id, name: "Initech" }, jobTitle: "Advisor", primary: false },
    ]);
    expect((await caller.contact.get({ id: contact.id })).connections).toEqual(reversed.connections);
  });

  it("externalRefs: replaced, in order; dropped refs are released", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const refs = [
      { namespace: "hubspot", id: "9" },
      { namespace: "pipedrive", id: "p-1" },
      { namespace: "salesforce", id: "003A" },
    ];
    const result = await caller.contact.update({ id: contact.id, data: { externalRefs: refs } });
    expect(result.externalRefs).toEqual(refs);
    const dropped = await caller.contact.update({ id: contact.id, data: { externalRefs: [refs[1]!] } });
    expect(dropped.externalRefs).toEqual([refs[1]]);
    expect((await caller.contact.get({ id: contact.id })).externalRefs).toEqual([refs[1]]);
    await expectTRPCError(caller.contact.findByExternalRef(refs[0]!), "NOT_FOUND");
    await expectTRPCError(caller.contact.findByExternalRef(refs[2]!), "NOT_FOUND");
    expect((await caller.contact.findByExternalRef(refs[1]!)).id).toBe(contact.id);
  });
});

describe("unknown keys are rejected, naming the key", () => {
  it("a typo in data is BAD_REQUEST at ['data', key] and writes nothing", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const before = await snapshot(caller, contact.id);
    const error = await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        // @ts-expect-error an unknown key is what this test sends
        data: { firstname: "Typo", lastName: "Valid" },
      }),
      "BAD_REQUEST",
    );
    // createCaller skips the error formatter: the zod cause is what becomes error.data.issues.
    expect(error.cause).toBeInstanceOf(ZodError);
    const zodIssues = (error.cause as ZodError).issues;
    expect(zodIssues).toEqual([
      expect.objectContaining({ code: "unrecognized_keys", keys: ["firstname"], path: ["data"] }),
    ]);
    expect(toErrorIssues(zodIssues)).toEqual([
      { path: ["data", "firstname"], message: expect.stringContaining("firstname") },
    ]);
    expect(issuesOf(error)).toEqual(toErrorIssues(zodIssues));
    expect(await snapshot(caller, contact.id)).toEqual(before);
  });

  it("an unknown key at the top level of the input", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    // @ts-expect-error an unknown key is what this test sends
    const paths = await badRequestPaths(caller.contact.update({ id: contact.id, data: {}, version: 1 }));
    expect(paths).toEqual([["version"]]);
  });

  it("unknown keys inside a connection, its company and an external ref", async () => {
    const { caller } = await h.workspace();
    const { contact, acme } = await fullContact(caller);
    const paths = await badRequestPaths(
      caller.contact.update({
        id: contact.id,
        data: {
          connections: [
            // @ts-expect-error unknown keys are what this test sends
            { company: { kind: "existing", id: acme.id, name: "Acme" }, primary: true, isPrimary: true },
          ],
          // @ts-expect-error unknown keys are what this test sends
          externalRefs: [{ namespace: "x", id: "1", system: "x" }],
        },
      }),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        ["data", "connections", 0, "isPrimary"],
        ["data", "connections", 0, "company", "name"],
        ["data", "externalRefs", 0, "system"],
      ]),
    );
  });

  it("several unknown keys are each named", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const paths = await badRequestPaths(
      // @ts-expect-error unknown keys are what this test sends
      caller.contact.update({ id: contact.id, data: { fistName: "a", emial: "b" } }),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        ["data", "fistName"],
        ["data", "emial"],
      ]),
    );
  });

  it("a company kind other than 'existing' is BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    const { contact } = await fullContact(caller);
    const paths = await badRequestPaths(
      caller.contact.update({
        id: contact.id,
        // @ts-expect-error a kind that does not exist yet
        data: { connections: [{ company: { kind: "new", name: "Newco" }, primary: true }] },
      }),
    );
    expect(paths[0]?.slice(0, 4)).toEqual(["data", "connections", 0, "company"]);
  });
});
