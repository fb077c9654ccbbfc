import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DbConnection } from "./client";
import { defaultMigrationsFolder } from "./repo-root";

/** Applies pending migrations from the committed SQL files (drizzle-kit generate). */
export async function migrate(
  connection: DbConnection,
  migrationsFolder: string = defaultMigrationsFolder(),
): Promise<void> {
  const config = { migrationsFolder };
  // biome-ignore lint/suspicious/noExplicitAny: each migrator wants its own driver's type.
  const db = connection.db as any;
  if (connection.driver === "pglite") await migratePglite(db, config);
  else await migratePostgres(db, config);
}
