import { sql } from "drizzle-orm";
import type { Database } from "../client";

/**
 * Holds rows from a session of the test's own (SELECT … FOR UPDATE in an open transaction),
 * as an operator's psql or another program would, until the returned function is called.
 * `db` should be a connection the code under test does not use.
 */
export async function holdRows(
  db: Database,
  table: "contacts" | "workspaces",
  ids: string[],
): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => {
    locked = r;
  });
  const holding = db.transaction(async (tx) => {
    for (const id of ids) {
      await tx.execute(sql`select id from ${sql.identifier(table)} where id = ${id} for update`);
    }
    locked();
    await released;
  });
  // A transaction that fails before it holds the rows throws here instead of hanging.
  await Promise.race([isLocked, holding]);
  return async () => {
    release();
    await holding;
  };
}
