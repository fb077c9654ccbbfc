import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  API_KEY_SCOPES,
  type ApiKeyScope,
  READ_ONLY_API_KEY_SCOPES,
  TRPC_ENDPOINT,
} from "@contacts/contracts";
import { type DbConnection, queryRows } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { serveTrpcOverNode } from "../src/http";
import { appRouter, createCaller } from "../src/root";
import { createApiKey } from "../src/services/api-keys/api-keys";
import { createContextInner } from "../src/trpc";

/**
 * Scoped API keys over real HTTP (docs/api.md §6.12), through the node:http pipeline the
 * production server answers API-key calls with: a key calls only what its scopes allow, a
 * refusal is 403 MISSING_SCOPE naming the scope and writes nothing, keys made before scopes
 * keep full access, and a key mints only keys within its own scopes.
 */

let conn: DbConnection;
let server: Server;
let origin: string;
beforeAll(async () => {
  conn = await openTestDb();
  server = createServer((req, res) => {
    serveTrpcOverNode(req, res, { endpoint: TRPC_ENDPOINT, getDb: async () => conn.db }).catch(() =>
      res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await conn?.close();
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed JSON body, asserted field by field.
  body: any;
}

async function call(
  key: string,
  procedure: string,
  input?: unknown,
  kind?: "query" | "mutation",
): Promise<Answer> {
  const isQuery = (kind ?? kindOf(procedure)) === "query";
  const qs = isQuery && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const res = await fetch(`${origin}${TRPC_ENDPOINT}/${procedure}${qs}`, {
    method: isQuery ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(isQuery ? {} : { body: JSON.stringify(input ?? null) }),
  });
  return { status: res.status, body: await res.json() };
}

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const kindOf = (procedure: string) => (procedures[procedure]?._def.type === "query" ? "query" : "mutation");

function expectMissingScope(answer: Answer, scope: ApiKeyScope, procedure: string) {
  expect({ status: answer.status, error: answer.body?.error }, procedure).toMatchObject({
    status: 403,
    error: {
      message: `This API key lacks the scope "${scope}"`,
      data: { code: "FORBIDDEN", httpStatus: 403, reason: "MISSING_SCOPE", details: { scope } },
    },
  });
  expect(answer.body.result).toBeUndefined();
}

/** Everything a write could touch in a workspace, to show a refused one touched nothing. */
async function stateOf(workspaceId: string) {
  const [row] = await queryRows<Record<string, number>>(
    conn.db,
    sql`select
      (select count(*)::int from contacts where workspace_id = ${workspaceId}) as contacts,
      (select coalesce(sum(version), 0)::int from contacts where workspace_id = ${workspaceId}) as versions,
      (select count(*)::int from contact_history where workspace_id = ${workspaceId}) as history,
      (select count(*)::int from companies where workspace_id = ${workspaceId}) as companies,
      (select coalesce(sum(version), 0)::int from companies where workspace_id = ${workspaceId}) as "companyVersions",
      (select count(*)::int from company_history where workspace_id = ${workspaceId}) as "companyHistory",
      (select count(*)::int from api_keys where workspace_id = ${workspaceId}) as keys,
      (select count(*)::int from api_keys where workspace_id = ${workspaceId} and revoked_at is not null) as revoked`,
  );
  return row;
}

/** A workspace with a contact (holding an external ref) and a company, arranged as a person would. */
async function workspace() {
  const ws = await createTestWorkspace(conn, "Scopes");
  const person: Actor = { workspaceId: ws.id, type: "user", id: "u-1", name: "Ada", scopes: "all" };
  const caller = createCaller(createContextInner({ db: conn.db, actor: person }));
  const company = await caller.company.create({ name: "Harbour Funds" });
  const contact = await caller.contact.create({
    firstName: "Astrid",
    externalRefs: [{ namespace: "crm", id: "a-1" }],
  });
  const key = (name: string, scopes: readonly ApiKeyScope[] | null) =>
    createApiKey(conn.db, ws.id, name, scopes);
  return { ws, caller, company, contact, key };
}

type Workspace = Awaited<ReturnType<typeof workspace>>;

/** A valid call of every mutation of the router, and the scope it needs. */
function writesOf({ contact, company }: Workspace, victimKeyId: string) {
  return {
    "contact.create": { scope: "contacts:write", input: { firstName: "New" } },
    "contact.update": { scope: "contacts:write", input: { id: contact.id, data: { lastName: "Changed" } } },
    "contact.upsertByExternalRef": {
      scope: "contacts:write",
      input: { namespace: "crm", id: "a-1", data: { lastName: "Upserted" } },
    },
    "contact.batchUpdate": {
      scope: "contacts:write",
      input: { items: [{ id: contact.id, data: { lastName: "Batched" } }] },
    },
    "contact.bulkUpsert": {
      scope: "contacts:write",
      input: { items: [{ id: contact.id, data: { lastName: "Bulk" } }, { data: { firstName: "New" } }] },
    },
    "contact.delete": { scope: "contacts:write", input: { id: contact.id } },
    "contact.batchDelete": { scope: "contacts:write", input: { ids: [contact.id] } },
    "contact.restore": { scope: "contacts:write", input: { id: contact.id } },
    "contact.erase": { scope: "contacts:write", input: { id: contact.id } },
    "contact.merge": { scope: "contacts:write", input: { survivorId: contact.id, mergedId: "other" } },
    "tag.rename": { scope: "contacts:write", input: { from: "esg", to: "ESG" } },
    "tag.merge": { scope: "contacts:write", input: { from: ["esg", "sustainability"], into: "ESG" } },
    "company.create": { scope: "companies:write", input: { name: "New Co" } },
    "company.update": { scope: "companies:write", input: { id: company.id, data: { name: "Renamed" } } },
    "company.delete": { scope: "companies:write", input: { id: company.id } },
    "company.ensure": { scope: "companies:write", input: { names: ["Ensured Co"] } },
    "webhook.create": {
      scope: "webhooks:manage",
      input: { url: "https://hooks.example.com/in", events: ["contact.updated"] },
    },
    "webhook.update": { scope: "webhooks:manage", input: { id: "w1", description: "x" } },
    "webhook.delete": { scope: "webhooks:manage", input: { id: "w1" } },
    "webhook.enable": { scope: "webhooks:manage", input: { id: "w1" } },
    "webhook.disable": { scope: "webhooks:manage", input: { id: "w1" } },
    "webhook.rotateSecret": { scope: "webhooks:manage", input: { id: "w1" } },
    "webhook.redeliver": { scope: "webhooks:manage", input: { deliveryId: "d1" } },
    "apiKey.create": { scope: "api_keys:manage", input: { name: "minted", scopes: ["contacts:read"] } },
    "apiKey.revoke": { scope: "api_keys:manage", input: { id: victimKeyId } },
    "user.invite": { scope: "users:manage", input: { role: "member" } },
    "user.revokeInvite": { scope: "users:manage", input: { id: "i1" } },
    "user.setRole": { scope: "users:manage", input: { id: "u1", role: "admin" } },
    "user.remove": { scope: "users:manage", input: { id: "u1" } },
  } satisfies Record<string, { scope: ApiKeyScope; input: unknown }>;
}

/** Mutations of a person's own account: no API key may call them, whatever its scopes. */
const OWN_ACCOUNT_WRITES = {
  "user.changePassword": { currentPassword: "old password", newPassword: "a new password" },
  "user.signOutOtherSessions": undefined,
};

describe("scoped API keys over HTTP", () => {
  it("the table of writes below covers every mutation of the router", async () => {
    const ws = await workspace();
    // Subscriptions (contact.watch) read; only mutations write.
    const mutations = Object.keys(procedures).filter((p) => procedures[p]?._def.type === "mutation");
    expect([...Object.keys(writesOf(ws, "x")), ...Object.keys(OWN_ACCOUNT_WRITES)].sort()).toEqual(
      mutations.sort(),
    );
  });

  it("a read-only key reads everything it may", async () => {
    const { key, contact, company } = await workspace();
    const { key: reader } = await key("reader", READ_ONLY_API_KEY_SCOPES);
    const reads: [string, unknown][] = [
      ["contact.get", { id: contact.id }],
      ["contact.list", {}],
      ["contact.findByExternalRef", { namespace: "crm", id: "a-1" }],
      ["contact.history", { id: contact.id }],
      ["company.get", { id: company.id }],
      ["company.list", {}],
      ["company.history", { id: company.id }],
      ["company.contacts", { id: company.id }],
      ["tag.list", {}],
    ];
    for (const [procedure, input] of reads) {
      const answer = await call(reader, procedure, input);
      expect(answer.status, procedure).toBe(200);
    }
    expect((await call(reader, "contact.get", { id: contact.id })).body.result.data).toMatchObject({
      id: contact.id,
      firstName: "Astrid",
    });
  });

  it("a read-only key writing anything gets 403 MISSING_SCOPE naming the scope, and nothing is written", async () => {
    const ws = await workspace();
    const { key: reader } = await ws.key("reader", READ_ONLY_API_KEY_SCOPES);
    const victim = await ws.key("victim", null);
    const before = await stateOf(ws.ws.id);
    for (const [procedure, { scope, input }] of Object.entries(writesOf(ws, victim.id))) {
      expectMissingScope(await call(reader, procedure, input), scope, procedure);
    }
    // And reading the keys needs api_keys:manage too, reading the users users:manage.
    expectMissingScope(await call(reader, "apiKey.list"), "api_keys:manage", "apiKey.list");
    expectMissingScope(await call(reader, "user.list"), "users:manage", "user.list");
    expect(await stateOf(ws.ws.id)).toEqual(before);
    expect(await call(victim.key, "contact.list", {}).then((a) => a.status)).toBe(200);
  });

  it("no key, not even one with full access, may call a person's own account (403 SESSION_REQUIRED)", async () => {
    const ws = await workspace();
    const full = await ws.key("full", null);
    const before = await stateOf(ws.ws.id);
    for (const [procedure, input] of [
      ...Object.entries(OWN_ACCOUNT_WRITES),
      ["user.me", undefined] as const,
    ]) {
      const answer = await call(full.key, procedure, input);
      expect({ status: answer.status, reason: answer.body.error?.data?.reason }, procedure).toEqual({
        status: 403,
        reason: "SESSION_REQUIRED",
      });
    }
    expect(await stateOf(ws.ws.id)).toEqual(before);
  });

  it("a key lacking the scope is refused before its input is looked at", async () => {
    const { key, contact } = await workspace();
    const { key: reader } = await key("reader", ["contacts:read"]);
    // Input that would be a 400 for a key that may write.
    const bad = { id: contact.id, data: { bogus: 1, email: "not an email" } };
    expectMissingScope(await call(reader, "contact.update", bad), "contacts:write", "contact.update");
    expectMissingScope(await call(reader, "company.get", { nope: true }), "companies:read", "company.get");
  });

  it("each scope opens only its own procedures", async () => {
    const ws = await workspace();
    const { key: companiesOnly } = await ws.key("companies", ["companies:read", "companies:write"]);
    expect((await call(companiesOnly, "company.create", { name: "Ok Co" })).status).toBe(200);
    expect((await call(companiesOnly, "company.list", {})).status).toBe(200);
    expectMissingScope(await call(companiesOnly, "contact.list", {}), "contacts:read", "contact.list");
    // A company's contacts are contacts: reading them needs contacts:read.
    expectMissingScope(
      await call(companiesOnly, "company.contacts", { id: ws.company.id }),
      "contacts:read",
      "company.contacts",
    );
    const { key: webhooksOnly } = await ws.key("hooks", ["webhooks:manage"]);
    expectMissingScope(await call(webhooksOnly, "company.list", {}), "companies:read", "company.list");
  });

  it("contacts:write does not imply contacts:read, but a write answers with what it wrote", async () => {
    const { key } = await workspace();
    const { key: writer } = await key("writer", ["contacts:write"]);
    const created = await call(writer, "contact.create", { firstName: "Pushed" });
    expect(created.status).toBe(200);
    expect(created.body.result.data).toMatchObject({ firstName: "Pushed", version: 1 });
    const id = created.body.result.data.id;
    const updated = await call(writer, "contact.update", { id, data: { lastName: "Along" } });
    expect(updated.body.result.data).toMatchObject({ id, lastName: "Along", version: 2 });
    expectMissingScope(await call(writer, "contact.get", { id }), "contacts:read", "contact.get");
    expectMissingScope(await call(writer, "contact.list", {}), "contacts:read", "contact.list");
  });

  it("in a batch, only the call lacking the scope fails", async () => {
    const ws = await workspace();
    const { key: contactsKey } = await ws.key("contacts", ["contacts:read", "contacts:write"]);
    const before = await stateOf(ws.ws.id);
    const res = await fetch(
      `${origin}${TRPC_ENDPOINT}/contact.create,company.create,contact.update?batch=1`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${contactsKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          0: { firstName: "Batched" },
          1: { name: "Not made" },
          2: { id: ws.contact.id, data: { lastName: "Batched too" } },
        }),
      },
    );
    // biome-ignore lint/suspicious/noExplicitAny: tRPC's batch answer, checked item by item.
    const answers = (await res.json()) as any[];
    expect(answers[0].result.data).toMatchObject({ firstName: "Batched" });
    expect(answers[1].error.data).toMatchObject({
      reason: "MISSING_SCOPE",
      details: { scope: "companies:write" },
    });
    expect(answers[2].result.data).toMatchObject({ lastName: "Batched too", version: 2 });
    const after = await stateOf(ws.ws.id);
    expect(after).toEqual({
      ...before,
      contacts: before!.contacts! + 1,
      versions: before!.versions! + 2,
      history: before!.history! + 2,
    });
  });

  it("a key made before scopes (scopes null) keeps full access", async () => {
    const ws = await workspace();
    const old = await ws.key("made before scopes", null);
    const [row] = await queryRows<{ scopes: string[] | null }>(
      conn.db,
      sql`select scopes from api_keys where workspace_id = ${ws.ws.id} and id = ${old.id}`,
    );
    expect(row?.scopes).toBeNull();
    expect((await call(old.key, "contact.get", { id: ws.contact.id })).status).toBe(200);
    expect(
      (await call(old.key, "contact.update", { id: ws.contact.id, data: { lastName: "Old" } })).status,
    ).toBe(200);
    expect((await call(old.key, "company.create", { name: "Old Co" })).status).toBe(200);
    const listed = await call(old.key, "apiKey.list");
    expect(listed.status).toBe(200);
    expect(listed.body.result.data.items.find((k: { id: string }) => k.id === old.id).scopes).toEqual([
      ...API_KEY_SCOPES,
    ]);
  });

  it("a key mints keys only within its own scopes", async () => {
    const ws = await workspace();
    const { key: manager } = await ws.key("provisioner", ["contacts:read", "api_keys:manage"]);
    const before = await stateOf(ws.ws.id);
    expectMissingScope(
      await call(manager, "apiKey.create", { name: "more", scopes: ["contacts:read", "contacts:write"] }),
      "contacts:write",
      "apiKey.create",
    );
    // Without scopes means full access, which it does not hold.
    expectMissingScope(
      await call(manager, "apiKey.create", { name: "all" }),
      "contacts:write",
      "apiKey.create",
    );
    expect(await stateOf(ws.ws.id)).toEqual(before);

    const minted = await call(manager, "apiKey.create", { name: "reader", scopes: ["contacts:read"] });
    expect(minted.status).toBe(200);
    expect(minted.body.result.data.scopes).toEqual(["contacts:read"]);
    const newKey = minted.body.result.data.key as string;
    expect((await call(newKey, "contact.list", {})).status).toBe(200);
    expectMissingScope(
      await call(newKey, "contact.create", { firstName: "No" }),
      "contacts:write",
      "contact.create",
    );
  });

  it("bad scopes are a 400 naming the scope, and make no key", async () => {
    const ws = await workspace();
    const { key: full } = await ws.key("full", null);
    const before = await stateOf(ws.ws.id);
    const cases: [unknown, (string | number)[]][] = [
      [
        ["contacts:read", "contacts:delete"],
        ["scopes", 1],
      ],
      [[], ["scopes"]],
      [[{}], ["scopes", 0]],
      ["contacts:read", ["scopes"]],
    ];
    for (const [scopes, path] of cases) {
      const answer = await call(full, "apiKey.create", { name: "bad", scopes });
      expect(answer.status, JSON.stringify(scopes)).toBe(400);
      expect(answer.body.error.data).toMatchObject({ code: "BAD_REQUEST", reason: "INVALID_INPUT" });
      expect(answer.body.error.data.issues.map((i: { path: unknown }) => i.path)).toEqual([path]);
    }
    expect(await stateOf(ws.ws.id)).toEqual(before);
  });
});
