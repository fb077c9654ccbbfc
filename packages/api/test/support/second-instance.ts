import { createDb, type Database, type DbConnection, pgliteOf, schema } from "@contacts/db";
import { drizzle } from "drizzle-orm/pglite";

/**
 * Another app instance's view of the same database: a pool of its own on PostgreSQL; on
 * PGlite (one process owns it) a second drizzle database over the same engine. Either way a
 * separate `Database`, so nothing held per database in memory is shared with the first.
 */
export async function openSecondInstance(
  conn: DbConnection,
): Promise<{ db: Database; close: () => Promise<void> }> {
  if (conn.driver === "postgres" && conn.url) {
    const other = await createDb({ url: conn.url, maxConnections: 4 });
    return { db: other.db, close: () => other.close() };
  }
  const db = drizzle(pgliteOf(conn), { schema }) as unknown as Database;
  return { db, close: async () => {} };
}
