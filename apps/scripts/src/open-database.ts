import { createDb, type Database, type DbConnection, migrate } from "@contacts/db";

/**
 * Opens the database, applies pending migrations (as `pnpm start` does) unless told not to,
 * runs `work`, and always closes: a process with an open PGlite never exits, and its folder
 * stays locked against `pnpm dev` until then.
 */
export async function withDatabase<T>(
  work: (db: Database, connection: DbConnection) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  // A short-lived process needs few connections; two leave room for a transaction.
  // createDb picks DATABASE_URL, else the embedded folder (a relative PGLITE_DATA_DIR is
  // taken from the repo root, so this and the web app open the same one).
  const connection = await createDb({ maxConnections: 2 });
  try {
    if (options.migrate !== false) await migrate(connection);
    return await work(connection.db, connection);
  } finally {
    await connection.close();
  }
}
