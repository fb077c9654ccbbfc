import { ErrorData, type ErrorReason, TRPC_ENDPOINT } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { ConflictError } from "../src/errors";
import { handleTrpcRequest } from "../src/http";
import { createApiKey } from "../src/services/api-keys/api-keys";
import { createUser } from "../src/services/users/users";
import { createWorkspace } from "../src/services/workspaces";
import { useHarness } from "./support/harness";

/**
 * Every error on the wire carries a stable `error.data.reason` next to its code, and its
 * `error.data` is exactly the contract's ErrorData (docs/api.md, "Errors"). Through the fetch
 * handler, so the error formatter and the errors answered around tRPC both show.
 */

const h = useHarness();
const ORIGIN = "http://contacts.test";

interface Sent {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed JSON body, asserted field by field.
  body: any;
}

async function workspace() {
  const { ws, caller } = await h.workspace();
  const { key } = await createApiKey(h.db, ws.id, "reasons");
  const user: Actor = { workspaceId: ws.id, type: "user", id: "user-1", name: "Ada", scopes: "all" };
  const send = async (
    req: { procedure: string; input?: unknown; body?: string; method?: string },
    as: "key" | "user" | "nobody" = "key",
    headers: Record<string, string> = {},
  ): Promise<Sent> => {
    const method = req.method ?? (req.input === undefined && req.body === undefined ? "GET" : "POST");
    const qs =
      method === "GET" && req.input !== undefined
        ? `?input=${encodeURIComponent(JSON.stringify(req.input))}`
        : "";
    const res = await handleTrpcRequest(
      new Request(`${ORIGIN}${TRPC_ENDPOINT}/${req.procedure}${qs}`, {
        method,
        headers: {
          "content-type": "application/json",
          ...(as === "key" ? { authorization: `Bearer ${key}` } : {}),
          ...headers,
        },
        ...(method === "POST" ? { body: req.body ?? JSON.stringify(req.input) } : {}),
      }),
      {
        endpoint: TRPC_ENDPOINT,
        getDb: async () => h.db,
        authenticateSession: async () => (as === "user" ? user : null),
      },
    );
    return { status: res.status, body: await res.json() };
  };
  return { ws, caller, send };
}

/** The error's data is ErrorData and nothing more, with this code and reason. */
function expectReason(res: Sent, code: string, reason: ErrorReason) {
  const data = ErrorData.strict().parse(res.body?.error?.data);
  expect({ code: data.code, reason: data.reason, status: res.status }).toEqual({
    code,
    reason,
    status: data.httpStatus,
  });
  return data;
}

describe("error.data.reason", () => {
  it("names each kind of bad input", async () => {
    const { caller, send } = await workspace();
    const contact = await caller.contact.create({ email: "only@example.com", tags: ["a"] });
    const update = (data: unknown) => send({ procedure: "contact.update", input: { id: contact.id, data } });

    expectReason(await update({ email: "not an email" }), "BAD_REQUEST", "INVALID_INPUT");
    expectReason(await update({ bogus: 1 }), "BAD_REQUEST", "INVALID_INPUT");
    expectReason(
      await send({ procedure: "contact.update", body: '{"id": "x", "data": {' }),
      "BAD_REQUEST",
      "INVALID_JSON",
    );
    expectReason(await update({ strategy: "nul \u0000 inside" }), "BAD_REQUEST", "UNSTORABLE_TEXT");
    const unknownCompany = await update({
      connections: [{ company: { kind: "existing", id: "nope" }, primary: true }],
    });
    expect(expectReason(unknownCompany, "BAD_REQUEST", "UNKNOWN_COMPANY").issues).toEqual([
      { path: ["data", "connections", 0, "company", "id"], message: expect.any(String) },
    ]);
    expectReason(
      await send({ procedure: "company.list", input: { cursor: "not-ours" }, method: "GET" }),
      "BAD_REQUEST",
      "INVALID_CURSOR",
    );
    expectReason(
      await send({ procedure: "contact.update", input: { id: contact.id, data: { lastName: "X" } } }, "key", {
        "idempotency-key": "has spaces",
      }),
      "BAD_REQUEST",
      "INVALID_IDEMPOTENCY_KEY",
    );
  });

  it("is IDENTITY_REQUIRED wherever the identity rule breaks, at the same paths as before", async () => {
    const { caller, send } = await workspace();
    const contact = await caller.contact.create({ email: "only@example.com", tags: ["a"] });
    // A patch of scalars only (the one-statement update) and one with a list.
    for (const data of [{ email: null }, { email: null, tags: ["b"] }]) {
      const res = await send({ procedure: "contact.update", input: { id: contact.id, data } });
      expect(expectReason(res, "BAD_REQUEST", "IDENTITY_REQUIRED").issues).toEqual([
        { path: ["data", "email"], message: expect.stringMatching(/firstName, lastName or email/) },
      ]);
    }
    const created = await send({ procedure: "contact.create", input: { tags: ["x"] } });
    expect(expectReason(created, "BAD_REQUEST", "IDENTITY_REQUIRED").issues).toEqual([
      { path: ["firstName"], message: expect.any(String) },
    ]);
    const upserted = await send({
      procedure: "contact.upsertByExternalRef",
      input: { namespace: "crm", id: "new", data: { tags: ["x"] } },
    });
    expect(expectReason(upserted, "BAD_REQUEST", "IDENTITY_REQUIRED").issues).toEqual([
      { path: ["data", "firstName"], message: expect.any(String) },
    ]);
    // A rule's reason is kept only when every issue has it.
    const mixed = await send({ procedure: "contact.create", input: { phone: "nope" } });
    expectReason(mixed, "BAD_REQUEST", "INVALID_INPUT");
  });

  it("names who may not and what is not there", async () => {
    const { ws, send } = await workspace();
    expectReason(
      await send({ procedure: "contact.list", input: {}, method: "GET" }, "nobody"),
      "UNAUTHORIZED",
      "UNAUTHENTICATED",
    );
    const { key: reader } = await createApiKey(h.db, ws.id, "reader", ["contacts:read"]);
    const refused = expectReason(
      await send({ procedure: "contact.create", input: { firstName: "No" } }, "key", {
        authorization: `Bearer ${reader}`,
      }),
      "FORBIDDEN",
      "MISSING_SCOPE",
    );
    expect(refused.details).toEqual({ scope: "contacts:write" });
    expectReason(
      await send({ procedure: "contact.get", input: { id: "missing" }, method: "GET" }),
      "NOT_FOUND",
      "CONTACT_NOT_FOUND",
    );
    expectReason(
      await send({ procedure: "company.get", input: { id: "missing" }, method: "GET" }),
      "NOT_FOUND",
      "COMPANY_NOT_FOUND",
    );
    expectReason(
      await send({ procedure: "apiKey.revoke", input: { id: "missing" } }, "user"),
      "NOT_FOUND",
      "API_KEY_NOT_FOUND",
    );
    expectReason(
      await send({ procedure: "contact.bogus", method: "GET" }),
      "NOT_FOUND",
      "PROCEDURE_NOT_FOUND",
    );
    expectReason(
      await send({ procedure: "contact.get", method: "PUT", body: "{}" }),
      "METHOD_NOT_SUPPORTED",
      "METHOD_NOT_SUPPORTED",
    );
  });

  it("tells the conflicts apart, with their facts", async () => {
    const { caller, send } = await workspace();
    const holder = await caller.contact.create({
      firstName: "Holder",
      externalRefs: [{ namespace: "crm", id: "1" }],
    });
    const contact = await caller.contact.create({ firstName: "Ada" });
    const stale = await send({
      procedure: "contact.update",
      input: { id: contact.id, data: { lastName: "L" }, expectedVersion: 4 },
    });
    expect(expectReason(stale, "CONFLICT", "STALE_VERSION").details).toEqual({ currentVersion: 1 });
    const taken = await send({
      procedure: "contact.update",
      input: { id: contact.id, data: { externalRefs: [{ namespace: "crm", id: "1" }] } },
    });
    expect(expectReason(taken, "CONFLICT", "EXTERNAL_REF_TAKEN").details).toEqual({
      contactId: holder.id,
      externalRef: { namespace: "crm", id: "1" },
    });
    const first = { procedure: "contact.update", input: { id: contact.id, data: { lastName: "M" } } };
    const headers = { "idempotency-key": "reason-test-key" };
    expect((await send(first, "key", headers)).status).toBe(200);
    const reused = await send(
      { ...first, input: { ...first.input, data: { lastName: "N" } } },
      "key",
      headers,
    );
    expectReason(reused, "CONFLICT", "IDEMPOTENCY_KEY_REUSED");
  });

  it("a company still connected to contacts: COMPANY_IN_USE naming them; a stale company version", async () => {
    const { caller, send } = await workspace();
    const company = await caller.company.create({ name: "Aurora" });
    const contact = await caller.contact.create({
      firstName: "Ada",
      lastName: "Lovelace",
      connections: [{ company: { kind: "existing", id: company.id }, primary: true }],
    });
    const inUse = await send({ procedure: "company.delete", input: { id: company.id } });
    expect(expectReason(inUse, "CONFLICT", "COMPANY_IN_USE").details).toEqual({
      contactCount: 1,
      contacts: [{ id: contact.id, name: "Ada Lovelace", deleted: false }],
    });
    expect(inUse.body.error.message).toContain("Ada Lovelace");
    const stale = await send({
      procedure: "company.update",
      input: { id: company.id, data: { name: "Aurora AB" }, expectedVersion: 2 },
    });
    expect(expectReason(stale, "CONFLICT", "STALE_VERSION").details).toEqual({ currentVersion: 1 });
    expectReason(
      await send({ procedure: "company.delete", input: { id: "missing" } }),
      "NOT_FOUND",
      "COMPANY_NOT_FOUND",
    );
  });

  it("is carried by each failed item of a batch, and by the item that aborts an atomic one", async () => {
    const { caller, send } = await workspace();
    const contact = await caller.contact.create({ email: "only@example.com" });
    const res = await send({
      procedure: "contact.batchUpdate",
      input: {
        items: [
          { id: contact.id, data: { phone: "nope" } },
          { id: contact.id, data: { email: null } },
          { id: "missing", data: { lastName: "X" } },
          { id: contact.id, data: { lastName: "Y" }, expectedVersion: 9 },
        ],
      },
    });
    expect(res.status).toBe(200);
    const results = res.body.result.data.results as { error: { reason: ErrorReason } }[];
    expect(results.map((r) => r.error.reason)).toEqual([
      "INVALID_INPUT",
      "IDENTITY_REQUIRED",
      "CONTACT_NOT_FOUND",
      "STALE_VERSION",
    ]);
    const atomic = await send({
      procedure: "contact.batchUpdate",
      input: { atomic: true, items: [{ id: contact.id, data: { lastName: "Z" }, expectedVersion: 9 }] },
    });
    expect(expectReason(atomic, "CONFLICT", "STALE_VERSION").details).toEqual({
      currentVersion: 1,
      index: 0,
    });
    const atomicIdentity = await send({
      procedure: "contact.batchUpdate",
      input: {
        atomic: true,
        items: [
          { id: contact.id, data: { lastName: "Z" } },
          { id: contact.id, data: { email: null, lastName: null } },
        ],
      },
    });
    expect(
      expectReason(atomicIdentity, "BAD_REQUEST", "IDENTITY_REQUIRED").issues?.map((i) => i.path),
    ).toEqual([
      ["items", 1, "data", "lastName"],
      ["items", 1, "data", "email"],
    ]);
  });

  it("is given by the services that only operators reach", async () => {
    const { ws } = await workspace();
    const slug = `reasons-${ws.id}`;
    await createWorkspace(h.db, { slug, name: "Reasons" });
    await expect(createWorkspace(h.db, { slug, name: "Again" })).rejects.toMatchObject({
      reason: "WORKSPACE_SLUG_TAKEN",
    });
    const email = `${ws.id}@example.com`;
    await createUser(h.db, ws.id, { email, password: "correct horse battery" });
    const again = createUser(h.db, ws.id, { email, password: "correct horse battery" });
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toMatchObject({ reason: "USER_EMAIL_TAKEN" });
  });
});
