import { createDb, type Database, type DbConnection, migrate } from "@contacts/db";

/**
 * One database connection per server process, kept on globalThis so hot reloads in dev
 * reuse it: a second PGlite on the same folder would corrupt it.
 */
const holder = globalThis as { __contactsDb?: Promise<DbConnection> };

async function open(): Promise<DbConnection> {
  const conn = await createDb();
  await migrate(conn);
  return conn;
}

export function getConnection(): Promise<DbConnection> {
  holder.__contactsDb ??= open().catch((err: unknown) => {
    holder.__contactsDb = undefined;
    throw err;
  });
  return holder.__contactsDb;
}

export const getDb = async (): Promise<Database> => (await getConnection()).db;
