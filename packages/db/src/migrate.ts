import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DbConnection } from "./client";
import { defaultMigrationsFolder } from "./repo-root";

/** Any fixed number: the advisory lock all migrators of one database take in turn. */
const MIGRATION_LOCK = 727_373_001;

/**
 * Applies pending migrations from the committed SQL files (drizzle-kit generate). On a
 * server, migrators take an advisory lock first, so several processes starting at once
 * (app instances, parallel test runs) apply each migration exactly once.
 */
export async function migrate(
  connection: DbConnection,
  migrationsFolder: string = defaultMigrationsFolder(),
): Promise<void> {
  const config = { migrationsFolder };
  // biome-ignore lint/suspicious/noExplicitAny: each migrator wants its own driver's type.
  const db = connection.db as any;
  if (connection.driver === "pglite") {
    await migratePglite(db, config);
    return;
  }
  if (!connection.url)
    throw new Error("A postgres connection without its URL cannot take the migration lock");
  // The lock is held on a session of its own, outside the pool, so it works whatever the
  // pool's size (a pool of one would otherwise wait on itself).
  const lock = postgres(connection.url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(db, config);
  } finally {
    // Ending the session releases the lock.
    await lock.end({ timeout: 5 });
  }
}
