import { type DbConnection, queryRows } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleTrpcRequest } from "../src/http";
import { IDEMPOTENCY_TTL_SECONDS } from "../src/http/idempotency";
import { createApiKey } from "../src/services/api-keys/api-keys";

/** The Idempotency-Key header for mutations over HTTP (docs/decisions.md). */
const ORIGIN = "http://contacts.test";

let conn: DbConnection;
beforeAll(async () => {
  conn = await openTestDb();
});
afterAll(() => conn?.close());

async function workspaceKey() {
  const ws = await createTestWorkspace(conn);
  const { key } = await createApiKey(conn.db, ws.id, "idem key");
  return { workspaceId: ws.id, key };
}

async function post(apiKey: string, procedure: string, input: unknown, headers: Record<string, string> = {}) {
  const res = await handleTrpcRequest(
    new Request(`${ORIGIN}/api/trpc/${procedure}`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(input),
    }),
    { endpoint: "/api/trpc", getDb: async () => conn.db },
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
}

async function contactCount(workspaceId: string) {
  const rows = await queryRows<{ n: number }>(
    conn.db,
    sql`select count(*)::int as n from contacts where workspace_id = ${workspaceId}`,
  );
  return rows[0]?.n ?? 0;
}

async function historyCount(workspaceId: string) {
  const rows = await queryRows<{ n: number }>(
    conn.db,
    sql`select count(*)::int as n from contact_history where workspace_id = ${workspaceId}`,
  );
  return rows[0]?.n ?? 0;
}

describe("Idempotency-Key", () => {
  it("answers a retry with the first result and writes nothing again", async () => {
    const { workspaceId, key } = await workspaceKey();
    const first = await post(key, "contact.create", { firstName: "Once" }, { "idempotency-key": "k-1" });
    expect(first.status).toBe(200);
    const retry = await post(key, "contact.create", { firstName: "Once" }, { "idempotency-key": "k-1" });
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await contactCount(workspaceId)).toBe(1);

    // An update retried: one version bump, one history entry.
    const id = first.body.result.data.id as string;
    const update = { id, data: { lastName: "Twice" } };
    const u1 = await post(key, "contact.update", update, { "idempotency-key": "k-2" });
    const u2 = await post(key, "contact.update", update, { "idempotency-key": "k-2" });
    expect(u1.body.result.data.version).toBe(2);
    expect(u2.text).toBe(u1.text);
    expect(await historyCount(workspaceId)).toBe(2);
  });

  it("replays a stored error too, and a batched request as a whole", async () => {
    const { key } = await workspaceKey();
    const bad = await post(key, "contact.update", { id: "missing", data: {} }, { "idempotency-key": "e-1" });
    expect(bad.status).toBe(404);
    const again = await post(
      key,
      "contact.update",
      { id: "missing", data: {} },
      { "idempotency-key": "e-1" },
    );
    expect(again.status).toBe(404);
    expect(again.text).toBe(bad.text);

    const batchBody = { 0: { firstName: "B1" }, 1: { firstName: "B2" } };
    const b1 = await post(key, "contact.create,contact.create?batch=1", batchBody, {
      "idempotency-key": "b-1",
    });
    const b2 = await post(key, "contact.create,contact.create?batch=1", batchBody, {
      "idempotency-key": "b-1",
    });
    expect(b2.text).toBe(b1.text);
    expect(b1.body).toHaveLength(2);
  });

  it("refuses the same key with another body or procedure as a CONFLICT", async () => {
    const { workspaceId, key } = await workspaceKey();
    await post(key, "contact.create", { firstName: "A" }, { "idempotency-key": "c-1" });
    const other = await post(key, "contact.create", { firstName: "B" }, { "idempotency-key": "c-1" });
    expect(other.status).toBe(409);
    expect(other.body.error.data.code).toBe("CONFLICT");
    expect(other.body.error.message).toMatch(/different request/);
    const otherProc = await post(key, "company.create", { name: "A" }, { "idempotency-key": "c-1" });
    expect(otherProc.status).toBe(409);
    expect(await contactCount(workspaceId)).toBe(1);
  });

  it("keeps keys per workspace", async () => {
    const a = await workspaceKey();
    const b = await workspaceKey();
    const ra = await post(a.key, "contact.create", { firstName: "Same" }, { "idempotency-key": "shared" });
    const rb = await post(b.key, "contact.create", { firstName: "Same" }, { "idempotency-key": "shared" });
    expect(rb.status).toBe(200);
    expect(rb.headers.get("idempotent-replayed")).toBeNull();
    expect(rb.body.result.data.id).not.toBe(ra.body.result.data.id);
    expect(await contactCount(a.workspaceId)).toBe(1);
    expect(await contactCount(b.workspaceId)).toBe(1);
  });

  it("lets concurrent retries with one key write once", async () => {
    const { workspaceId, key } = await workspaceKey();
    // Many rounds: the losing claim of a brand-new key is a narrow window.
    const ROUNDS = 15;
    for (let round = 0; round < ROUNDS; round++) {
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          post(key, "contact.create", { firstName: "Race" }, { "idempotency-key": `r-${round}` }),
        ),
      );
      expect(new Set(responses.map((r) => r.text)).size).toBe(1);
      expect(responses.every((r) => r.status === 200)).toBe(true);
    }
    expect(await contactCount(workspaceId)).toBe(ROUNDS);
  });

  it("runs a request again once its key has expired", async () => {
    const { workspaceId, key } = await workspaceKey();
    await post(key, "contact.create", { firstName: "Old" }, { "idempotency-key": "x-1" });
    await conn.db.execute(
      sql`update idempotency_keys set created_at = now() - make_interval(secs => ${IDEMPOTENCY_TTL_SECONDS + 60}::double precision)
           where workspace_id = ${workspaceId}`,
    );
    const again = await post(key, "contact.create", { firstName: "Old" }, { "idempotency-key": "x-1" });
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(await contactCount(workspaceId)).toBe(2);
  });

  it("stores nothing for unauthenticated calls or queries, and refuses a malformed key", async () => {
    const { workspaceId, key } = await workspaceKey();
    const unauth = await post("ck_wrong", "contact.create", { firstName: "X" }, { "idempotency-key": "u-1" });
    expect(unauth.status).toBe(401);
    const malformed = await post(
      key,
      "contact.create",
      { firstName: "X" },
      { "idempotency-key": "has space" },
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.data.code).toBe("BAD_REQUEST");
    const rows = await queryRows<{ n: number }>(
      conn.db,
      sql`select count(*)::int as n from idempotency_keys where workspace_id = ${workspaceId}`,
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe("X-Contacts-Script", () => {
  it("names the script in history, and refuses a malformed name", async () => {
    const { key } = await workspaceKey();
    const created = await post(
      key,
      "contact.create",
      { firstName: "S" },
      { "x-contacts-script": "contacts import" },
    );
    const id = created.body.result.data.id as string;
    const res = await handleTrpcRequest(
      new Request(`${ORIGIN}/api/trpc/contact.history?input=${encodeURIComponent(JSON.stringify({ id }))}`, {
        headers: { authorization: `Bearer ${key}` },
      }),
      { endpoint: "/api/trpc", getDb: async () => conn.db },
    );
    const history = (await res.json()) as { result: { data: { items: { actor: { name: string } }[] } } };
    expect(history.result.data.items[0]?.actor.name).toBe("idem key (contacts import)");
    const bad = await post(key, "contact.create", { firstName: "S" }, { "x-contacts-script": "\u0007bell" });
    expect(bad.status).toBe(400);
  });
});
