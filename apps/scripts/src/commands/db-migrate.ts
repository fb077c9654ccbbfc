import { type Database, migrate } from "@contacts/db";
import type { Command } from "../command";
import { withDatabase } from "../open-database";
import { parseCommandArgs } from "../parse-command-args";

/** How many migrations drizzle's migrator has recorded (its table does not exist before the first). */
async function countAppliedMigrations(db: Database): Promise<number> {
  type Row = { n: number };
  const rows = async (query: string) => {
    // postgres.js answers an array, PGlite `{ rows }`.
    const result = (await db.execute(query)) as unknown as Row[] | { rows: Row[] };
    return Array.isArray(result) ? result : result.rows;
  };
  const [table] = await rows("select (to_regclass('drizzle.__drizzle_migrations') is not null)::int as n");
  if (!table?.n) return 0;
  const [count] = await rows("select count(*)::int as n from drizzle.__drizzle_migrations");
  return count?.n ?? 0;
}

export const dbMigrate: Command = {
  name: "db migrate",
  synopsis: "",
  summary: "Apply pending migrations (packages/db/migrations). Every other command does this first too.",
  async run(args) {
    parseCommandArgs({ args, options: {} });
    const { before, after } = await withDatabase(
      async (db, connection) => {
        const before = await countAppliedMigrations(db);
        await migrate(connection);
        return { before, after: await countAppliedMigrations(db) };
      },
      { migrate: false },
    );
    const applied = after - before;
    console.log(
      applied > 0
        ? `Applied ${applied} migration${applied === 1 ? "" : "s"}; ${after} in total.`
        : `The database is up to date (${after} migration${after === 1 ? "" : "s"} applied).`,
    );
  },
};
