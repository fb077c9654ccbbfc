import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, type DbConnection, pgliteOf } from "../client";
import { newId } from "../ids";
import { migrate } from "../migrate";
import { workspaces } from "../schema";

/**
 * Tests run on PGlite in-process, or on the PostgreSQL server named by TEST_DATABASE_URL.
 * Read here rather than in env.ts so the app's DATABASE_URL can never point tests at it.
 */
// biome-ignore lint/style/noProcessEnv: test-only switch, read in the one test helper.
export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

const TEMPLATE_ENV = "CONTACTS_PGLITE_TEMPLATE";

/**
 * vitest globalSetup: migrate once. On PGlite, a migrated in-memory database is dumped to a
 * file that every test file loads (much faster than initdb + migrations per file).
 */
export async function prepareTestDatabase(): Promise<() => Promise<void>> {
  const url = testDatabaseUrl();
  if (url) {
    const conn = await createDb({ url, maxConnections: 2 });
    await migrate(conn);
    await conn.close();
    return async () => {};
  }
  const conn = await createDb({ dataDir: "memory" });
  await migrate(conn);
  const dump = await pgliteOf(conn).dumpDataDir("gzip");
  await conn.close();
  const file = path.join(os.tmpdir(), `contacts-pglite-template-${process.pid}.tar.gz`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  // biome-ignore lint/style/noProcessEnv: hands the template to the test workers.
  process.env[TEMPLATE_ENV] = file;
  return async () => {};
}

/** A database for one test file: the migrated PGlite template, or the shared test server. */
export async function openTestDb(
  options: { maxConnections?: number; onQuery?: (query: string) => void } = {},
): Promise<DbConnection> {
  const url = testDatabaseUrl();
  const onQuery = options.onQuery ? { onQuery: options.onQuery } : {};
  if (url) return createDb({ url, maxConnections: options.maxConnections ?? 25, ...onQuery });
  // biome-ignore lint/style/noProcessEnv: set by prepareTestDatabase.
  const template = process.env[TEMPLATE_ENV];
  if (!template) {
    const conn = await createDb({ dataDir: "memory", ...onQuery });
    await migrate(conn);
    return conn;
  }
  const blob = new Blob([await readFile(template)]);
  return createDb({ dataDir: "memory", loadDataDir: blob, ...onQuery });
}

/** A fresh workspace, so tests sharing a database never see each other's rows. */
export async function createTestWorkspace(conn: DbConnection, name = "Test workspace") {
  const id = newId();
  const [row] = await conn.db
    .insert(workspaces)
    .values({ id, slug: `test-${id}`, name })
    .returning();
  if (!row) throw new Error("workspace insert returned nothing");
  return row;
}
