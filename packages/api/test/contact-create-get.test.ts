import { Contact } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { badRequestPaths, existing, expectTRPCError, issuesOf } from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §6: contact.create and contact.get. */

const h = useHarness();

describe("contact.create", () => {
  it("returns the full Contact shape at version 1, with unset fields null and lists []", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({ lastName: "Lovelace" });
    expect(Contact.parse(created)).toEqual(created);
    expect(created).toEqual({
      id: expect.any(String),
      firstName: null,
      lastName: "Lovelace",
      email: null,
      phone: null,
      linkedInUrl: null,
      primaryLanguage: null,
      profilePictureId: null,
      strategy: null,
      blocked: null,
      tags: [],
      connections: [],
      externalRefs: [],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    expect(Math.abs(Date.parse(created.createdAt) - Date.now())).toBeLessThan(60_000);
  });

  it("stores every field, and get returns exactly what create returned", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const created = await caller.contact.create({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      phone: "+46701234567",
      linkedInUrl: "https://www.linkedin.com/in/ada",
      primaryLanguage: "en",
      profilePictureId: 3,
      strategy: "Long only",
      blocked: true,
      tags: ["b", "a"],
      connections: [{ company: existing(acme.id), jobTitle: "CFO", primary: true }],
      externalRefs: [{ namespace: "crm", id: "1" }],
    });
    expect(created).toMatchObject({
      version: 1,
      blocked: true,
      tags: ["b", "a"],
      connections: [{ company: { id: acme.id, name: "Acme" }, jobTitle: "CFO", primary: true }],
      externalRefs: [{ namespace: "crm", id: "1" }],
    });
    expect(await caller.contact.get({ id: created.id })).toEqual(created);
  });

  it.each([
    ["firstName", { firstName: "Ada" }],
    ["lastName", { lastName: "Lovelace" }],
    ["email", { email: "ada@example.com" }],
  ])("one identity field is enough (%s)", async (_, data) => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create(data);
    expect(created.version).toBe(1);
  });

  it("without any identity field it is BAD_REQUEST and creates nothing", async () => {
    const { caller } = await h.workspace();
    const cases = [
      {},
      { firstName: null, lastName: null, email: null },
      { firstName: "", lastName: "   ", email: "\t" },
      { phone: "+46701234567", tags: ["vip"], strategy: "Only a strategy" },
    ];
    for (const data of cases) {
      const error = await expectTRPCError(caller.contact.create(data), "BAD_REQUEST");
      expect(issuesOf(error)).toEqual([
        { path: ["firstName"], message: expect.stringMatching(/firstName, lastName or email/) },
      ]);
    }
    expect((await caller.contact.list({})).items).toEqual([]);
  });

  it("rejects unknown keys, naming them", async () => {
    const { caller } = await h.workspace();
    const paths = await badRequestPaths(
      // @ts-expect-error unknown keys are what this test sends
      caller.contact.create({ firstName: "Ada", version: 3, id: "chosen-id" }),
    );
    expect(paths).toEqual(expect.arrayContaining([["version"], ["id"]]));
    expect((await caller.contact.list({})).items).toEqual([]);
  });

  it("null for any field on create means unset", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({
      firstName: "Ada",
      lastName: null,
      blocked: null,
      tags: null,
      connections: null,
      externalRefs: null,
    });
    expect(created).toMatchObject({
      lastName: null,
      blocked: null,
      tags: [],
      connections: [],
      externalRefs: [],
    });
  });

  it("gives every contact its own id", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "Same" });
    const b = await caller.contact.create({ firstName: "Same" });
    expect(a.id).not.toBe(b.id);
  });

  it("two contacts may share an email (no uniqueness is promised)", async () => {
    const { caller } = await h.workspace();
    await caller.contact.create({ email: "shared@example.com" });
    const second = await caller.contact.create({ email: "SHARED@example.com" });
    expect(second.email).toBe("shared@example.com");
  });

  it("starts the history with one entry of the fields it set", async () => {
    const { caller, actor } = await h.workspace();
    const created = await caller.contact.create({ firstName: "Ada", tags: ["vip"] });
    const history = await caller.contact.history({ id: created.id });
    expect(history).toEqual({
      items: [
        {
          type: "contact.created",
          at: expect.any(String),
          actor: { type: actor.type, id: actor.id, name: actor.name },
          changes: { firstName: { from: null, to: "Ada" }, tags: { from: [], to: ["vip"] } },
        },
      ],
      nextCursor: null,
    });
  });
});

describe("contact.get", () => {
  it("returns the contact", async () => {
    const { caller } = await h.workspace();
    const created = await caller.contact.create({ firstName: "Ada" });
    expect(await caller.contact.get({ id: created.id })).toEqual(created);
  });

  it("an unknown id is NOT_FOUND", async () => {
    const { caller } = await h.workspace();
    for (const id of [
      "no-such-contact",
      "00000000-0000-7000-8000-000000000000",
      "'; drop table contacts; --",
    ]) {
      const error = await expectTRPCError(caller.contact.get({ id }), "NOT_FOUND");
      expect(error.message).toBe("Contact not found");
    }
  });

  it("rejects an empty, oversized or missing id as BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    expect(await badRequestPaths(caller.contact.get({ id: "" }))).toEqual([["id"]]);
    expect(await badRequestPaths(caller.contact.get({ id: "x".repeat(65) }))).toEqual([["id"]]);
    // @ts-expect-error a missing id is what this test sends
    expect(await badRequestPaths(caller.contact.get({}))).toEqual([["id"]]);
  });
});
