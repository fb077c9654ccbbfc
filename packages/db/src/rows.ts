import type { SQL } from "drizzle-orm";
import type { Executor } from "./client";

/**
 * Runs raw SQL and returns its rows. postgres.js answers an array, PGlite `{ rows }`:
 * this is the one place that knows.
 */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
