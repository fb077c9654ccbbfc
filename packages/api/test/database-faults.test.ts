import type { Contact } from "@contacts/contracts";
import { createDb, type DbConnection } from "@contacts/db";
import { createTestWorkspace, holdRows, testDatabaseUrl } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseUnavailableError, databaseDomainError, LockTimeoutError } from "../src/database-errors";
import { handleHealthRequest, handleTrpcRequest } from "../src/http";
import { createApiKey } from "../src/services/api-keys/api-keys";

/**
 * Database failures on the wire: a row held by another session, a statement past its
 * timeout, a database that is not there. Each answers a 409 or a 503 with a stable
 * `error.data.reason` (and Retry-After on a 503), never a 500, and none holds the pool.
 */
const ENDPOINT = "/api/trpc";
const url = testDatabaseUrl();

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON bodies, asserted field by field.
type Wire = { status: number; ms: number; headers: Headers; body: any };

async function call(
  conn: DbConnection,
  key: string,
  path: string,
  input: unknown,
  init: RequestInit = {},
): Promise<Wire> {
  const query = init.method === "POST" ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const req = new Request(`http://contacts.test${ENDPOINT}/${path}${query}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
    ...(init.method === "POST" ? { body: JSON.stringify(input) } : {}),
  });
  const started = performance.now();
  const res = await handleTrpcRequest(req, { endpoint: ENDPOINT, getDb: async () => conn.db });
  return {
    status: res.status,
    ms: performance.now() - started,
    headers: res.headers,
    body: await res.json(),
  };
}

const update = (conn: DbConnection, key: string, id: string, strategy: string) =>
  call(conn, key, "contact.update", { id, data: { strategy } }, { method: "POST" });

describe("which database errors are which", () => {
  it("a lock timeout is a 409 LOCK_TIMEOUT; a statement timeout, a lost session or no server a 503", () => {
    const wrapped = (code: string) => ({ message: "Failed query", cause: { code } });
    expect(databaseDomainError(wrapped("55P03"))).toBeInstanceOf(LockTimeoutError);
    for (const code of [
      "57014",
      "25P03",
      "57P01",
      "57P03",
      "08006",
      "53300",
      "ECONNREFUSED",
      "CONNECTION_CLOSED",
    ]) {
      expect(databaseDomainError(wrapped(code)), code).toBeInstanceOf(DatabaseUnavailableError);
    }
    // The caller's errors and our bugs stay what they are.
    for (const code of ["23505", "23503", "40001", "42601", "22P02"]) {
      expect(databaseDomainError(wrapped(code)), code).toBeUndefined();
    }
    expect(databaseDomainError(new Error("boom"))).toBeUndefined();
  });
});

describe("a database that does not answer", () => {
  let conn: DbConnection;
  beforeAll(async () => {
    // Nothing listens on port 1: every connection is refused at once.
    conn = await createDb({
      url: "postgres://postgres@127.0.0.1:1/none",
      timeouts: { connectTimeoutMs: 1000 },
    });
  });
  afterAll(() => conn.close());

  it("answers every call with a fast 503 DATABASE_UNAVAILABLE and Retry-After, keyed or not", async () => {
    const key = `ck_01900000-0000-7000-8000-000000000001_${"a".repeat(43)}`;
    const results = [
      await call(conn, key, "contact.list", {}),
      await update(conn, key, "x", "s"),
      await call(
        conn,
        key,
        "contact.update",
        { id: "x", data: {} },
        {
          method: "POST",
          headers: { "idempotency-key": "k-1" },
        },
      ),
    ];
    for (const r of results) {
      expect(r.status).toBe(503);
      expect(r.body.error.data).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        reason: "DATABASE_UNAVAILABLE",
      });
      expect(r.headers.get("retry-after")).toBe("1");
      expect(r.ms).toBeLessThan(2_000);
    }
  });

  it("health says 503 within a second", async () => {
    const started = performance.now();
    const res = await handleHealthRequest((ms) => conn.ping(ms));
    expect(res.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe.skipIf(!url)("on PostgreSQL: rows held by another session", () => {
  const LOCK_TIMEOUT_MS = 500;
  let conn: DbConnection;
  let other: DbConnection;
  let key: string;
  let create: (name: string) => Promise<Contact>;
  beforeAll(async () => {
    // A small pool, so a dozen waiting writers would take it all without one writer per contact.
    conn = await createDb({ url: url!, maxConnections: 4, timeouts: { lockTimeoutMs: LOCK_TIMEOUT_MS } });
    // Another session: as an operator's psql or another program would hold the row.
    other = await createDb({ url: url!, maxConnections: 2 });
    const ws = await createTestWorkspace(conn);
    key = (await createApiKey(conn.db, ws.id, "faults")).key;
    create = async (name) => {
      const r = await call(conn, key, "contact.create", { firstName: name }, { method: "POST" });
      expect(r.status).toBe(200);
      return r.body.result.data;
    };
  });
  afterAll(async () => {
    await other?.close();
    await conn?.close();
  });

  /** Holds the contact's row from another session until the returned release. */
  const holdRow = (id: string) => holdRows(other.db, "contacts", [id]);

  it("runs every pooled session with the configured limits", async () => {
    const rows = (await conn.db.execute(
      sql`select current_setting('statement_timeout') as st, current_setting('lock_timeout') as lt,
        current_setting('idle_in_transaction_session_timeout') as it`,
    )) as unknown as { st: string; lt: string; it: string }[];
    expect(rows[0]).toEqual({ st: "15s", lt: "500ms", it: "30s" });
  });

  it("a write waiting on a held row gives up after the lock timeout: 409 LOCK_TIMEOUT", async () => {
    const c = await create("Held");
    const release = await holdRow(c.id);
    try {
      const r = await update(conn, key, c.id, "blocked");
      expect(r.status).toBe(409);
      expect(r.body.error.data).toMatchObject({ code: "CONFLICT", reason: "LOCK_TIMEOUT" });
      expect(r.ms).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS - 50);
      expect(r.ms).toBeLessThan(LOCK_TIMEOUT_MS * 2 + 1_000);
    } finally {
      await release();
    }
    // Nothing was written, and the contact is writable again.
    const after = await update(conn, key, c.id, "after");
    expect(after.status).toBe(200);
    expect(after.body.result.data.version).toBe(2);
  });

  it("12 writes of a held contact leave the pool of 4 to every other request", async () => {
    const held = await create("Held by another session");
    const free = await create("Free");
    const release = await holdRow(held.id);
    let writes: Wire[] = [];
    const others: Wire[] = [];
    const health: number[] = [];
    try {
      const waiting = Promise.all(Array.from({ length: 12 }, (_, i) => update(conn, key, held.id, `w${i}`)));
      // While they wait: updates of another contact and health checks, one after another.
      const until = performance.now() + LOCK_TIMEOUT_MS * 2;
      for (let i = 0; performance.now() < until; i++) {
        others.push(await update(conn, key, free.id, `o${i}`));
        const started = performance.now();
        expect((await handleHealthRequest((ms) => conn.ping(ms))).status).toBe(200);
        health.push(performance.now() - started);
      }
      writes = await waiting;
    } finally {
      await release();
    }
    expect(others.length).toBeGreaterThan(2);
    for (const r of others) {
      expect(r.status).toBe(200);
      expect(r.ms).toBeLessThan(1_000);
    }
    for (const ms of health) expect(ms).toBeLessThan(1_000);
    for (const r of writes) {
      expect(r.status).toBe(409);
      expect(r.body.error.data.reason).toBe("LOCK_TIMEOUT");
      expect(r.ms).toBeLessThan(LOCK_TIMEOUT_MS * 2 + 1_000);
    }
  });

  it("a statement past the statement timeout answers 503 DATABASE_UNAVAILABLE with Retry-After", async () => {
    const slow = await createDb({
      url: url!,
      maxConnections: 1,
      timeouts: { lockTimeoutMs: 0, statementTimeoutMs: 300 },
    });
    const c = await create("Slow");
    const release = await holdRow(c.id);
    try {
      // With no lock timeout, the wait on the row runs into the statement timeout instead.
      const r = await update(slow, key, c.id, "late");
      expect(r.status).toBe(503);
      expect(r.body.error.data).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        reason: "DATABASE_UNAVAILABLE",
      });
      expect(r.headers.get("retry-after")).toBe("1");
      expect(r.ms).toBeLessThan(2_000);
    } finally {
      await release();
      await slow.close();
    }
  });

  it("a transaction left idle is ended by the server, and the error says unavailable, not a bug", async () => {
    const idle = await createDb({
      url: url!,
      maxConnections: 1,
      timeouts: { idleInTransactionTimeoutMs: 200 },
    });
    try {
      const failed = await idle.db
        .transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await new Promise((r) => setTimeout(r, 600));
          await tx.execute(sql`select 1`);
        })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(databaseDomainError(failed)).toBeInstanceOf(DatabaseUnavailableError);
      // The pool opens a new session for the next statement.
      await expect(idle.db.execute(sql`select 1`)).resolves.toBeDefined();
    } finally {
      await idle.close();
    }
  });
});
