import type { DbConnection } from "@contacts/db";
import { sql } from "drizzle-orm";

/**
 * Holds contacts' rows from a session of the test's own (SELECT … FOR UPDATE in an open
 * transaction), as an operator's psql or another program would, until the returned function
 * is called.
 */
export async function holdRows(conn: DbConnection, ids: string[]): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => {
    locked = r;
  });
  const holding = conn.db.transaction(async (tx) => {
    for (const id of ids) await tx.execute(sql`select id from contacts where id = ${id} for update`);
    locked();
    await released;
  });
  await Promise.race([isLocked, holding]);
  return async () => {
    release();
    await holding;
  };
}
