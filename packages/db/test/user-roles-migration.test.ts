import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { createDb, type DbConnection, defaultMigrationsFolder, migrate, newId, queryRows } from "../src";
import { testDatabaseUrl } from "../src/testing";

/**
 * Migration 0011 (roles): everyone who used the product before roles becomes an admin, so
 * nobody is locked out (docs/decisions.md, "Users and roles"); users made afterwards without
 * a role are members, and a role the contract does not know is refused.
 */

const ROLES_MIGRATION = "0011_user_roles_and_invites";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The committed migrations up to (not including) `tag`, in a folder of their own. */
async function migrationsBefore(tag: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "contacts-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultMigrationsFolder(), dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalFile, "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  await writeFile(journalFile, JSON.stringify(journal));
  return dir;
}

/** An empty database: in-memory PGlite, or a new database on the TEST_DATABASE_URL server. */
async function emptyDatabase(): Promise<DbConnection> {
  const url = testDatabaseUrl();
  if (!url) return createDb({ dataDir: "memory" });
  const admin = await createDb({ url, maxConnections: 1 });
  const name = `migration_${newId().replace(/-/g, "")}`;
  await admin.db.execute(sql.raw(`create database ${name}`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const conn = await createDb({ url: target.toString(), maxConnections: 2 });
  cleanups.push(async () => {
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
  });
  return conn;
}

it("makes existing users admins, new ones members, and refuses unknown roles", async () => {
  const conn = await emptyDatabase();
  cleanups.push(() => conn.close());
  await migrate(conn, await migrationsBefore(ROLES_MIGRATION));
  const workspaceId = newId();
  await conn.db.execute(sql`insert into workspaces (id, slug, name) values (${workspaceId}, 'old', 'Old')`);
  for (const who of ["first", "second"]) {
    await conn.db.execute(
      sql`insert into users (workspace_id, id, email, name) values (${workspaceId}, ${who}, ${`${who}@example.com`}, ${who})`,
    );
  }

  await migrate(conn);
  await conn.db.execute(
    sql`insert into users (workspace_id, id, email, name) values (${workspaceId}, 'third', 'third@example.com', 'third')`,
  );
  const rows = await queryRows<{ id: string; role: string }>(
    conn.db,
    sql`select id, role from users order by id`,
  );
  expect(rows).toEqual([
    { id: "first", role: "admin" },
    { id: "second", role: "admin" },
    { id: "third", role: "member" },
  ]);
  await expect(conn.db.execute(sql`update users set role = 'owner' where id = 'third'`)).rejects.toThrow();
});
