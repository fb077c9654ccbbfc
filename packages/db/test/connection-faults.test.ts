import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type DbConnection, lockDataDir } from "../src";
import { createTestWorkspace, holdRows, testDatabaseUrl } from "../src/testing";

const url = testDatabaseUrl();

const waitFor = async (condition: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return condition();
};

describe.skipIf(!url)("on PostgreSQL: sessions outside the pool", () => {
  const opened: DbConnection[] = [];
  const open = async (options: Parameters<typeof createDb>[0] = {}) => {
    const conn = await createDb({ url: url!, ...options });
    opened.push(conn);
    return conn;
  };
  afterAll(async () => {
    for (const conn of opened) await conn.close();
  });

  it("ping answers within a second while every pooled connection waits on a lock", async () => {
    const conn = await open({ maxConnections: 2, timeouts: { lockTimeoutMs: 3_000 } });
    const holder = await open({ maxConnections: 1 });
    const ws = await createTestWorkspace(conn);
    const release = await holdRows(holder.db, "workspaces", [ws.id]);
    const waiters = [1, 2].map(() =>
      conn.db.execute(sql`update workspaces set name = 'x' where id = ${ws.id}`).catch(() => undefined),
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    expect(await conn.ping(1_000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
    await release();
    await Promise.all(waiters);
  });

  it("ping says false within its time when no server answers", async () => {
    const conn = await createDb({ url: "postgres://postgres@127.0.0.1:1/none" });
    opened.push(conn);
    const started = performance.now();
    expect(await conn.ping(500)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("a listener hears notifications, and again after its session is killed", async () => {
    const conn = await open({ maxConnections: 1 });
    const channel = `test_${Date.now()}`;
    const heard: string[] = [];
    const events: string[] = [];
    await conn.listen!(channel, {
      onNotify: (p) => heard.push(p),
      onListening: () => events.push("listening"),
      onLost: () => events.push("lost"),
    });
    expect(events).toEqual(["listening"]);
    await conn.db.execute(sql`select pg_notify(${channel}, 'one')`);
    expect(await waitFor(() => heard.includes("one"), 2_000)).toBe(true);

    // As a server restart would: the listening session ends under it.
    await conn.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'contacts listen'
          and query like ${`listen "${channel}"%`}`,
    );
    expect(await waitFor(() => events.length >= 3, 5_000)).toBe(true);
    expect(events.slice(0, 3)).toEqual(["listening", "lost", "listening"]);
    await conn.db.execute(sql`select pg_notify(${channel}, 'two')`);
    expect(await waitFor(() => heard.includes("two"), 2_000)).toBe(true);
  });
});

describe.skipIf(url)("embedded PGlite folder lock", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("leaves the stop signals to the process's own handlers (no signal-exit re-raise)", async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), "contacts-lock-"));
    dirs.push(base);
    const before = process.listenerCount("SIGTERM");
    const release = await lockDataDir(path.join(base, "pglite"));
    // At most the one listener that releases the lock when nothing else handles the signal.
    expect(process.listenerCount("SIGTERM") - before).toBeLessThanOrEqual(1);
    await release();
  });

  it("says so when the lock is taken away (its folder removed)", async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), "contacts-lock-"));
    dirs.push(base);
    const dataDir = path.join(base, "pglite");
    const lost: string[] = [];
    const release = await lockDataDir(dataDir, (message) => lost.push(message));
    await rm(`${dataDir}.lock`, { recursive: true });
    // proper-lockfile refreshes the lock every 2 s and notices then.
    expect(await waitFor(() => lost.length > 0, 8_000)).toBe(true);
    expect(lost[0]).toMatch(/Lost the lock on the embedded database/);
    await release().catch(() => {});
  });
});
