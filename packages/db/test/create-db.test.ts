import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, EmbeddedDatabaseInUseError, migrate, queryRows, schema } from "../src";
import { createTestWorkspace, openTestDb, testDatabaseUrl } from "../src/testing";

describe("openTestDb", () => {
  it("is migrated and writable", async () => {
    const conn = await openTestDb();
    const ws = await createTestWorkspace(conn);
    const rows = await queryRows<{ n: number }>(
      conn.db,
      sql`select count(*)::int as n from ${schema.workspaces} where id = ${ws.id}`,
    );
    expect(rows[0]?.n).toBe(1);
    await conn.close();
  });
});

describe.skipIf(testDatabaseUrl())("embedded PGlite folder", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("refuses a second opener with a clear message, and reopens after close", async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), "contacts-lock-"));
    dirs.push(base);
    const dataDir = path.join(base, "pglite");
    const first = await createDb({ dataDir });
    await migrate(first);
    await createTestWorkspace(first, "kept");
    await expect(createDb({ dataDir })).rejects.toBeInstanceOf(EmbeddedDatabaseInUseError);
    await expect(createDb({ dataDir })).rejects.toThrow(/already open in another process/);
    await first.close();

    const again = await createDb({ dataDir });
    const rows = await queryRows<{ name: string }>(again.db, sql`select name from workspaces`);
    expect(rows.map((r) => r.name)).toEqual(["kept"]);
    await again.close();
  });
});

describe.runIf(testDatabaseUrl())("a pool behind a transaction pooler (directUrl)", () => {
  const url = testDatabaseUrl() ?? "";
  // Nothing listens on port 1: a session sent there fails at once.
  const nowhere = url.replace(/@[^/]+\//, "@127.0.0.1:1/");

  it("sends LISTEN and the migration lock to the direct URL, statements to the pool's", async () => {
    const conn = await createDb({
      url,
      directUrl: nowhere,
      maxConnections: 1,
      timeouts: { connectTimeoutMs: 2_000 },
    });
    try {
      expect(conn.sessionUrl).toBe(nowhere);
      const rows = await queryRows<{ n: number }>(conn.db, sql`select 1 as n`);
      expect(rows[0]?.n).toBe(1);
      await expect(migrate(conn)).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await conn.close();
    }
    const direct = await createDb({ url, directUrl: url, maxConnections: 1 });
    try {
      await migrate(direct);
      expect(direct.sessionUrl).toBe(url);
    } finally {
      await direct.close();
    }
  });

  it("defaults to the pool's own URL", async () => {
    const conn = await createDb({ url, maxConnections: 1 });
    expect(conn.sessionUrl).toBe(url);
    await conn.close();
  });
});
