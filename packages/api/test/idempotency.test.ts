import { type DbConnection, queryRows } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { handleTrpcRequest } from "../src/http";
import { INSTANCE_STALE_SECONDS } from "../src/http/app-instance";
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

/** A mutation as an API key, or (apiKey null) as the signed-in `session` user. */
async function post(
  apiKey: string | null,
  procedure: string,
  input: unknown,
  headers: Record<string, string> = {},
  session: Actor | null = null,
) {
  const res = await handleTrpcRequest(
    new Request(`${ORIGIN}/api/trpc/${procedure}`, {
      method: "POST",
      headers: {
        ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }),
        "content-type": "application/json",
        ...headers,
      },
      body: JSON.stringify(input),
    }),
    { endpoint: "/api/trpc", getDb: async () => conn.db, authenticateSession: async () => session },
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

  it("keeps keys per caller: another key of the same workspace never gets the first one's response", async () => {
    const { workspaceId, key } = await workspaceKey();
    const { key: otherKey } = await createApiKey(conn.db, workspaceId, "another caller");
    const first = await post(key, "contact.create", { firstName: "Mine" }, { "idempotency-key": "same" });
    const other = await post(
      otherKey,
      "contact.create",
      { firstName: "Mine" },
      { "idempotency-key": "same" },
    );
    expect(other.status).toBe(200);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(other.body.result.data.id).not.toBe(first.body.result.data.id);
    // Each caller's own retry is still a replay of its own response.
    const retry = await post(
      otherKey,
      "contact.create",
      { firstName: "Mine" },
      { "idempotency-key": "same" },
    );
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.text).toBe(other.text);
    expect(await contactCount(workspaceId)).toBe(2);
  });

  it("never stores a response holding a secret: a retry of apiKey.create learns it ran, not the key", async () => {
    const { workspaceId } = await workspaceKey();
    const user: Actor = { workspaceId, type: "user", id: "user-1", name: "Ada", scopes: "all" };
    const created = await post(
      null,
      "apiKey.create",
      { name: "sync" },
      { "idempotency-key": "new-key" },
      user,
    );
    expect(created.status).toBe(200);
    const secret: string = created.body.result.data.key;
    expect(secret).toMatch(/^ck_/);
    const stored = await queryRows<{ body: string | null; status: number }>(
      conn.db,
      sql`select response_body as body, response_status as status from idempotency_keys where workspace_id = ${workspaceId}`,
    );
    expect(stored).toEqual([{ body: null, status: 200 }]);
    const retry = await post(null, "apiKey.create", { name: "sync" }, { "idempotency-key": "new-key" }, user);
    expect(retry.status).toBe(409);
    expect(retry.text).not.toContain(secret);
    expect(retry.body.error.message).toContain("not kept");
    const keys = await queryRows<{ n: number }>(
      conn.db,
      sql`select count(*)::int as n from api_keys where workspace_id = ${workspaceId} and name = 'sync'`,
    );
    expect(keys[0]?.n).toBe(1);
  });

  it("never stores an invite's token either", async () => {
    const { workspaceId } = await workspaceKey();
    const admin: Actor = {
      workspaceId,
      type: "user",
      id: "admin-1",
      name: "Ada",
      scopes: "all",
      role: "admin",
    };
    const made = await post(
      null,
      "user.invite",
      { role: "member" },
      { "idempotency-key": "invite-1" },
      admin,
    );
    expect(made.status).toBe(200);
    const token: string = made.body.result.data.token;
    const stored = await queryRows<{ body: string | null }>(
      conn.db,
      sql`select response_body as body from idempotency_keys where workspace_id = ${workspaceId}`,
    );
    expect(stored).toEqual([{ body: null }]);
    const retry = await post(
      null,
      "user.invite",
      { role: "member" },
      { "idempotency-key": "invite-1" },
      admin,
    );
    expect(retry.status).toBe(409);
    expect(retry.text).not.toContain(token);
  });

  it("takes over a key whose instance died, and never one whose instance is alive or whose claim is fresh", async () => {
    const { workspaceId, key } = await workspaceKey();
    const [keyRow] = await queryRows<{ id: string }>(
      conn.db,
      sql`select id from api_keys where workspace_id = ${workspaceId}`,
    );
    const claimedBy = async (idemKey: string, instance: string, seenSecondsAgo: number | null) => {
      if (seenSecondsAgo !== null) {
        await conn.db.execute(
          sql`insert into app_instances (id, seen_at) values (${instance}, now() - make_interval(secs => ${seenSecondsAgo}))`,
        );
      }
      await conn.db.execute(
        sql`insert into idempotency_keys (workspace_id, actor_type, actor_id, key, procedure, request_hash, claimed_by, created_at)
            values (${workspaceId}, 'api_key', ${keyRow!.id}, ${idemKey}, 'contact.create', 'another body', ${instance},
                    now() - make_interval(secs => ${INSTANCE_STALE_SECONDS + 1}))`,
      );
    };
    // Claimed over INSTANCE_STALE_SECONDS ago. Killed: its stamp is as old. Stopped: no stamp.
    await claimedBy("killed", `killed-${workspaceId}`, INSTANCE_STALE_SECONDS + 1);
    await claimedBy("stopped", `stopped-${workspaceId}`, null);
    for (const idemKey of ["killed", "stopped"]) {
      const retry = await post(
        key,
        "contact.create",
        { firstName: "Retried" },
        { "idempotency-key": idemKey },
      );
      expect({ idemKey, status: retry.status }).toEqual({ idemKey, status: 200 });
    }
    // Alive (stamped just now): its claim stands, so this other request with the key is refused.
    await claimedBy("alive", `alive-${workspaceId}`, 0);
    const refused = await post(
      key,
      "contact.create",
      { firstName: "Retried" },
      { "idempotency-key": "alive" },
    );
    expect(refused.status).toBe(409);
    // Fresh (claimed just now) by an instance this statement cannot see stamped yet, as when two
    // instances claim one new key at once: never taken over.
    await conn.db.execute(
      sql`insert into idempotency_keys (workspace_id, actor_type, actor_id, key, procedure, request_hash, claimed_by)
          values (${workspaceId}, 'api_key', ${keyRow!.id}, 'fresh', 'contact.create', 'another body', ${`new-${workspaceId}`})`,
    );
    const fresh = await post(key, "contact.create", { firstName: "Retried" }, { "idempotency-key": "fresh" });
    expect(fresh.status).toBe(409);
    expect(await contactCount(workspaceId)).toBe(2);
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
