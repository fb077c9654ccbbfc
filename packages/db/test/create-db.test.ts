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
