import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiKey } from "@contacts/api";
import { createDb, type DbConnection, migrate, queryRows } from "@contacts/db";
import { createTestWorkspace } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedBulkContacts } from "../e2e/support/seed-bulk";
import { type Answer, createContacts, provision, report, sleep, storedWrites, trpc } from "./support/api";
import { type AppServer, buildMissing, startApp } from "./support/app-server";
import { PostgresServer, postgresMissing } from "./support/postgres-server";

/**
 * SIGTERM to `pnpm start`: it stops accepting, closes idle kept-alive connections, lets the
 * requests in flight finish (up to SHUTDOWN_TIMEOUT_MS), closes the database and exits 0.
 * And the embedded database: a lost folder lock stops the process.
 */
const noBuild = buildMissing();
const skip = postgresMissing() ?? noBuild;
if (skip) console.log(`[faults] SIGTERM tests on PostgreSQL skipped: ${skip}`);
if (noBuild) console.log(`[faults] embedded database tests skipped: ${noBuild}`);

/** Holds rows (SELECT … FOR UPDATE in an open transaction) until the returned function is called. */
async function holdRows(conn: DbConnection, ids: string[]) {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => {
    locked = r;
  });
  const holding = conn.db.transaction(async (tx) => {
    for (const id of ids) await tx.execute(sql`select id from contacts where id = ${id} for update`);
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await holding;
  };
}

/** Whether a new connection is accepted ("connected") or refused (its error code). */
function newConnection(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Tries new connections until one is refused (the listener closes within the signal's loop turn). */
async function refusedWithin(url: string, ms: number): Promise<string> {
  const deadline = performance.now() + ms;
  let outcome = await newConnection(url);
  while (outcome === "connected" && performance.now() < deadline) {
    await sleep(10);
    outcome = await newConnection(url);
  }
  return outcome;
}

/** A kept-alive connection that has served one request and sits idle; resolves when it closes. */
async function idleKeptAliveConnection(url: string): Promise<{ socket: Socket; closed: Promise<number> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(performance.now())));
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.once("connect", () => resolve());
  });
  socket.write(`GET /api/health HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n\r\n`);
  await new Promise<void>((resolve) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (/\r\n\r\n\{.*\}/s.test(text)) {
        socket.off("data", onData);
        resolve();
      }
    };
    socket.on("data", onData);
  });
  return { socket, closed };
}

describe.skipIf(skip)("SIGTERM on PostgreSQL", () => {
  let pg: PostgresServer;
  const conns: DbConnection[] = [];
  const apps: AppServer[] = [];
  beforeAll(async () => {
    pg = await PostgresServer.start();
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    for (const conn of conns) await conn.close().catch(() => {});
    pg?.destroy();
  });

  it("finishes the requests in flight, closes idle connections, refuses new ones, exits 0", async () => {
    const db = await provision(pg.url(), "sigterm");
    conns.push(db.conn);
    const app = await startApp({ DATABASE_URL: db.url, DATABASE_LOCK_TIMEOUT_MS: "5000" });
    apps.push(app);
    await app.waitForHealth(60_000);
    const ids = await createContacts(app.url, db.key, 8, "Sigterm");
    const idle = await idleKeptAliveConnection(app.url);

    // Eight updates held in flight by rows another session holds.
    const release = await holdRows(db.conn, ids);
    const inFlight = ids.map((id, i) =>
      trpc(app.url, db.key, "contact.update", { id, data: { strategy: `in flight ${i}` } }),
    );
    await sleep(500);
    const signalled = performance.now();
    app.process.kill("SIGTERM");
    await app.waitForLine(/shutting down/, 5_000);
    const late = await refusedWithin(app.url, 1_000);
    const idleClosedAt = await Promise.race([idle.closed, sleep(2_000).then(() => Number.NaN)]);
    await sleep(300);
    const releasedAt = performance.now();
    await release();
    const answers: Answer[] = await Promise.all(inFlight);
    const exit = await app.exited;
    const exitedAt = performance.now();

    const stored = await Promise.all(ids.map((id) => storedWrites(db.conn, id)));
    report("SIGTERM with requests in flight", {
      inFlight: answers.length,
      completed: answers.filter((a) => a.status === 200).length,
      idleConnectionClosedAfterMs: Math.round(idleClosedAt - signalled),
      newConnectionAfterSignal: late,
      exitCode: exit.code,
      msFromSignalToExit: Math.round(exitedAt - signalled),
    });
    for (const a of answers) {
      expect(a.status, `${a.error} ${JSON.stringify(a.body)}`).toBe(200);
      expect(a.headers.get("connection")).toBe("close");
    }
    for (const s of stored) expect(s.version).toBe(2);
    expect(late).toBe("ECONNREFUSED");
    // The idle connection was closed at the signal, not when the process ended.
    expect(idleClosedAt).toBeLessThan(releasedAt);
    expect(exit).toEqual({ code: 0, signal: null });
    const stopped = JSON.parse(app.lines.find((l) => /"msg":"stopped"/.test(l)) ?? "{}");
    expect(stopped).toMatchObject({ drained: true, inFlightAtStart: 8, finished: 8, unfinished: 0 });
  });

  it("gives up on requests after SHUTDOWN_TIMEOUT_MS and still exits 0", async () => {
    const db = await provision(pg.url(), "sigterm_timeout");
    conns.push(db.conn);
    const app = await startApp({
      DATABASE_URL: db.url,
      DATABASE_LOCK_TIMEOUT_MS: "20000",
      SHUTDOWN_TIMEOUT_MS: "1000",
    });
    apps.push(app);
    await app.waitForHealth(60_000);
    const [id] = await createContacts(app.url, db.key, 1, "Stuck");
    const release = await holdRows(db.conn, [id!]);
    const stuck = trpc(app.url, db.key, "contact.update", { id, data: { strategy: "never" } });
    await sleep(500);
    const signalled = performance.now();
    app.process.kill("SIGTERM");
    const exit = await app.exited;
    const ms = performance.now() - signalled;
    const answer = await stuck;
    // The server ends the abandoned statement once it sees its client gone (within
    // client_connection_check_interval, 1 s): released after that, it must not commit.
    await sleep(2_000);
    await release();
    report("SIGTERM with a request that cannot finish", {
      shutdownTimeoutMs: 1000,
      msFromSignalToExit: Math.round(ms),
      request: answer.error ?? answer.status,
    });
    expect(exit).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(4_000);
    expect(answer.status).toBe(0);
    expect((await storedWrites(db.conn, id!)).version).toBe(1);
  });
});

describe.skipIf(noBuild)("the embedded database (PGlite)", () => {
  const root = mkdtempSync(path.join(tmpdir(), "contacts-faults-pglite-"));
  const dataDir = path.join(root, "pglite");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("SIGTERM finishes the requests in flight and releases the folder lock", async () => {
    // The folder, a workspace and a key, made before the server owns the folder.
    const setup = await createDb({ dataDir });
    await migrate(setup);
    const ws = await createTestWorkspace(setup, "Embedded");
    const { key } = await createApiKey(setup.db, ws.id, "faults");
    await seedBulkContacts(setup.db, ws.id, 200);
    const rows = await queryRows<{ id: string }>(
      setup.db,
      sql`select id from contacts where workspace_id = ${ws.id} order by id`,
    );
    await setup.close();
    const ids = rows.map((r) => r.id);

    const app = await startApp({ PGLITE_DATA_DIR: dataDir });
    try {
      await app.waitForHealth(120_000);
      expect(existsSync(`${dataDir}.lock`)).toBe(true);
      // Four batches of 50 updates: seconds of work for the embedded database.
      const inFlight = [0, 1, 2, 3].map((b) =>
        trpc(app.url, key, "contact.batchUpdate", {
          items: ids.slice(b * 50, b * 50 + 50).map((id) => ({ id, data: { strategy: `batch ${b}` } })),
        }),
      );
      // The embedded database runs a batch's statements back to back without letting the event
      // loop see the signal, so the signal is acted on between requests: none may be dropped.
      await sleep(100);
      app.process.kill("SIGTERM");
      const answers = await Promise.all(inFlight);
      const exit = await app.exited;
      const stopped = JSON.parse(app.lines.find((l) => /"msg":"stopped"/.test(l)) ?? "{}");
      report("SIGTERM on the embedded database", {
        inFlightAtSignal: stopped.inFlightAtStart,
        completed: answers.filter((a) => a.status === 200).length,
        exitCode: exit.code,
      });
      for (const a of answers) {
        expect(a.status, `${a.error} ${JSON.stringify(a.body)}`).toBe(200);
        expect(a.body.result.data.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
      }
      expect(exit).toEqual({ code: 0, signal: null });
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
    } finally {
      await app.stop();
    }
    // Every acknowledged update is in the folder.
    const after = await createDb({ dataDir });
    const updated = await queryRows<{ n: number }>(
      after.db,
      sql`select count(*)::int as n from contacts where workspace_id = ${ws.id} and version = 2`,
    );
    await after.close();
    expect(updated[0]?.n).toBe(200);
  });

  it("stops with a clear message when the folder's lock is taken away", async () => {
    const app = await startApp({ PGLITE_DATA_DIR: dataDir });
    try {
      await app.waitForHealth(120_000);
      const removed = performance.now();
      rmSync(`${dataDir}.lock`, { recursive: true });
      const exit = await Promise.race([app.exited, sleep(15_000).then(() => null)]);
      report("embedded database lock lost", {
        exitCode: exit?.code,
        msToStop: Math.round(performance.now() - removed),
      });
      expect(exit).toEqual({ code: 1, signal: null });
      expect(app.lines.some((l) => /Lost the lock on the embedded database/.test(l))).toBe(true);
    } finally {
      await app.stop();
    }
  });
});
