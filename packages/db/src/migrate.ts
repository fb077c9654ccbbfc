import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DbConnection } from "./client";
import { databaseTimeouts } from "./env";
import { defaultMigrationsFolder } from "./repo-root";
import { asMigration, captureSql } from "./sql-capture";

/** Any fixed number: the advisory lock all migrators of one database take in turn. */
const MIGRATION_LOCK = 727_373_001;

/**
 * Applies pending migrations from the committed SQL files (drizzle-kit generate). On a
 * server, migrators take an advisory lock first, so several processes starting at once
 * (app instances, parallel test runs) apply each migration exactly once.
 */
export function migrate(
  connection: DbConnection,
  migrationsFolder: string = defaultMigrationsFolder(),
): Promise<void> {
  return asMigration(() => migrateNow(connection, migrationsFolder));
}

async function migrateNow(connection: DbConnection, migrationsFolder: string): Promise<void> {
  const config = { migrationsFolder };
  if (connection.driver === "pglite") {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants its own driver's type.
    await migratePglite(connection.db as any, config);
    return;
  }
  const sessionUrl = connection.sessionUrl ?? connection.url;
  if (!sessionUrl) throw new Error("A postgres connection without its URL cannot take the migration lock");
  // The lock is held on a session of its own, outside the pool, so it works whatever the
  // pool's size (a pool of one would otherwise wait on itself), and the migrations run on it
  // without the pool's statement timeout: an index built on a large table may take minutes.
  // It goes to the server itself (DATABASE_DIRECT_URL) when the pool goes through PgBouncer.
  const lock = postgres(sessionUrl, {
    max: 1,
    onnotice: () => {},
    connect_timeout: databaseTimeouts.connectTimeoutMs / 1000,
    connection: { application_name: "contacts migrate", statement_timeout: 0 } as Record<
      string,
      number | string
    >,
  });
  try {
    const takeLock = "select pg_advisory_lock($1)";
    captureSql?.(takeLock, [MIGRATION_LOCK]);
    await lock.unsafe(takeLock, [MIGRATION_LOCK]);
    // Its own drizzle, so its statements reach the capture as the pool's do.
    const logger = captureSql ? { logQuery: captureSql } : undefined;
    await migratePostgres(drizzle(lock, { logger }), config);
  } finally {
    // Ending the session releases the lock.
    await lock.end({ timeout: 5 });
  }
}
