import { describe, expect, it } from "vitest";
import { createUser } from "../src/services/users/users";
import { type Caller, existing, expectTRPCError, issuesOf, snapshot } from "./support/contract";
import { useHarness } from "./support/harness";

/**
 * docs/api.md §3: every read and write is scoped to the caller's workspace; ids of another
 * workspace behave exactly as ids that do not exist (NOT_FOUND, never FORBIDDEN).
 */

const h = useHarness();

/** Workspace A with a company and a fully connected contact, and an empty workspace B. */
async function twoWorkspaces() {
  const a = await h.workspace("A");
  const b = await h.workspace("B");
  const company = await a.caller.company.create({ name: "Acme of A" });
  const contact = await a.caller.contact.create({
    firstName: "Ada",
    lastName: "Shared",
    email: "ada@example.com",
    tags: ["vip"],
    blocked: true,
    connections: [{ company: existing(company.id), primary: true }],
    externalRefs: [{ namespace: "crm", id: "1" }],
  });
  return { a: a.caller, b: b.caller, company, contact };
}

/** A's id must look, from B, exactly like an id that does not exist. */
async function expectSameAsMissing(call: (id: string) => Promise<unknown>, foreignId: string) {
  const foreign = await expectTRPCError(call(foreignId), "NOT_FOUND");
  const missing = await expectTRPCError(call("does-not-exist"), "NOT_FOUND");
  expect(foreign.message).toBe(missing.message);
}

describe("ids of another workspace are NOT_FOUND", () => {
  it("contact.get", async () => {
    const { b, contact } = await twoWorkspaces();
    await expectSameAsMissing((id) => b.contact.get({ id }), contact.id);
  });

  it("contact.update, which changes nothing in the other workspace", async () => {
    const { a, b, contact } = await twoWorkspaces();
    const before = await snapshot(a, contact.id);
    await expectSameAsMissing((id) => b.contact.update({ id, data: { firstName: "Hijacked" } }), contact.id);
    await expectSameAsMissing(
      (id) => b.contact.update({ id, data: { tags: null }, expectedVersion: 1 }),
      contact.id,
    );
    expect(await snapshot(a, contact.id)).toEqual(before);
  });

  it("contact.history", async () => {
    const { b, contact } = await twoWorkspaces();
    await expectSameAsMissing((id) => b.contact.history({ id }), contact.id);
  });

  it("contact.findByExternalRef", async () => {
    const { b } = await twoWorkspaces();
    const foreign = await expectTRPCError(
      b.contact.findByExternalRef({ namespace: "crm", id: "1" }),
      "NOT_FOUND",
    );
    const missing = await expectTRPCError(
      b.contact.findByExternalRef({ namespace: "crm", id: "2" }),
      "NOT_FOUND",
    );
    expect(foreign.message).toBe(missing.message);
  });

  it("company.get", async () => {
    const { b, company } = await twoWorkspaces();
    await expectSameAsMissing((id) => b.company.get({ id }), company.id);
  });
});

describe("another workspace's rows never appear", () => {
  it("in contact.list, whatever the filter", async () => {
    const { b, company } = await twoWorkspaces();
    const own = await b.contact.create({ firstName: "Bea" });
    const listIds = async (input: Parameters<Caller["contact"]["list"]>[0]) =>
      (await b.contact.list(input)).items.map((c) => c.id);
    expect(await listIds({})).toEqual([own.id]);
    expect(await listIds({ search: "shared" })).toEqual([]);
    expect(await listIds({ search: "ada@example.com" })).toEqual([]);
    expect(await listIds({ tags: ["vip"] })).toEqual([]);
    expect(await listIds({ blocked: true })).toEqual([]);
    expect(await listIds({ companyId: company.id })).toEqual([]);
  });

  it("in contact.list paging: a cursor from A's list only pages B's contacts", async () => {
    const { a, b } = await twoWorkspaces();
    for (let i = 0; i < 3; i++) await a.contact.create({ firstName: `A${i}` });
    const bContacts = [];
    for (let i = 0; i < 3; i++) bContacts.push(await b.contact.create({ firstName: `B${i}` }));
    const aPage = await a.contact.list({ limit: 1 });
    const fromB = await b.contact.list({ cursor: aPage.nextCursor, limit: 200 });
    for (const c of fromB.items) expect(bContacts.map((x) => x.id)).toContain(c.id);
  });

  it("in company.list", async () => {
    const { b } = await twoWorkspaces();
    const own = await b.company.create({ name: "Acme of B" });
    expect((await b.company.list({})).items.map((c) => c.id)).toEqual([own.id]);
    expect((await b.company.list({ search: "of A" })).items).toEqual([]);
  });
});

describe("writes stay in their workspace", () => {
  it("a connection to another workspace's company is BAD_REQUEST at its path", async () => {
    const { b, company } = await twoWorkspaces();
    const contact = await b.contact.create({ firstName: "Bea" });
    const error = await expectTRPCError(
      b.contact.update({
        id: contact.id,
        data: { connections: [{ company: existing(company.id), primary: true }] },
      }),
      "BAD_REQUEST",
    );
    expect(issuesOf(error).map((i) => i.path)).toEqual([["data", "connections", 0, "company", "id"]]);
    const onCreate = await expectTRPCError(
      b.contact.create({ firstName: "Bo", connections: [{ company: existing(company.id), primary: true }] }),
      "BAD_REQUEST",
    );
    expect(issuesOf(onCreate).map((i) => i.path)).toEqual([["connections", 0, "company", "id"]]);
  });

  it("the same external ref pair may be held once in each workspace", async () => {
    const { a, b, contact } = await twoWorkspaces();
    const own = await b.contact.create({ firstName: "Bea", externalRefs: [{ namespace: "CRM", id: "1" }] });
    expect((await b.contact.findByExternalRef({ namespace: "crm", id: "1" })).id).toBe(own.id);
    expect((await a.contact.findByExternalRef({ namespace: "crm", id: "1" })).id).toBe(contact.id);
  });

  it("clearing lists in B leaves A intact", async () => {
    const { a, b, contact } = await twoWorkspaces();
    const before = await snapshot(a, contact.id);
    const own = await b.contact.create({ firstName: "Bea", externalRefs: [{ namespace: "crm", id: "1" }] });
    await b.contact.update({ id: own.id, data: { externalRefs: null, tags: null } });
    expect(await snapshot(a, contact.id)).toEqual(before);
  });
});

describe("users and invites of another workspace are NOT_FOUND (docs/api.md §6.19)", () => {
  async function twoTeams() {
    const a = await h.workspace("A");
    const b = await h.workspace("B");
    const user = await createUser(h.db, a.ws.id, {
      email: `a-${a.ws.id}@example.com`,
      password: "long enough password",
      role: "member",
    });
    const invite = await a.caller.user.invite({ role: "member" });
    return { a: a.caller, b: b.caller, user, invite };
  }

  it("user.setRole and user.remove, which change nothing in the other workspace", async () => {
    const { a, b, user } = await twoTeams();
    await expectSameAsMissing((id) => b.user.setRole({ id, role: "admin" }), user.id);
    await expectSameAsMissing((id) => b.user.remove({ id }), user.id);
    expect((await a.user.list()).items).toEqual([expect.objectContaining({ id: user.id, role: "member" })]);
  });

  it("user.revokeInvite, and neither list shows the other's", async () => {
    const { a, b, invite } = await twoTeams();
    await expectSameAsMissing((id) => b.user.revokeInvite({ id }), invite.id);
    expect((await b.user.list()).items).toEqual([]);
    expect((await b.user.listInvites()).items).toEqual([]);
    expect((await a.user.listInvites()).items.map((i) => i.id)).toEqual([invite.id]);
  });
});
