import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbConnection, queryRows } from "../src";
import { createTestWorkspace, openTestDb, testDatabaseUrl } from "../src/testing";

/**
 * PGlite runs no autovacuum: without analyzeWhenStale a table that grew from empty kept the
 * planner's picture of an empty table, and the foreign-key checks of a bulk import scanned
 * the whole contacts table for each row (issue #12).
 */
describe.skipIf(testDatabaseUrl())("the embedded database's statistics", () => {
  let conn: DbConnection;
  beforeAll(async () => {
    conn = await openTestDb();
  });
  afterAll(async () => {
    await conn.close();
  });

  const plan = async (ws: string) =>
    (
      await queryRows<{ "QUERY PLAN": string }>(
        conn.db,
        sql`explain select 1 from contacts where workspace_id = ${ws} and id = 'x'`,
      )
    )
      .map((r) => r["QUERY PLAN"])
      .join("\n");

  it("are kept by the embedded database itself as a table grows", async () => {
    const ws = await createTestWorkspace(conn);
    const before = await plan(ws.id);
    await conn.db.execute(sql`insert into contacts (workspace_id, id, first_name)
      select ${ws.id}, 'c-' || i, 'P' || i from generate_series(1, 5000) i`);
    const reltuples = async () =>
      (
        await queryRows<{ n: number }>(
          conn.db,
          sql`select reltuples::int as n from pg_class where oid = 'contacts'::regclass`,
        )
      )[0]?.n ?? -1;
    const deadline = Date.now() + 30_000;
    while ((await reltuples()) < 5000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await reltuples()).toBe(5000);
    // The plan a foreign-key check makes: a scan of the whole table while it looked empty.
    expect(before).toMatch(/Seq Scan on contacts/);
    expect(await plan(ws.id)).toMatch(/Index (Only )?Scan using contacts_workspace_id_id_pk/);
  });

  it("checks as maintenance: its statements are not in the pool's demand or statement counts (/metrics)", async () => {
    const counted: string[] = [];
    conn.activity.onStatement = (kind) => counted.push(kind);
    try {
      // Two and a half ticks of the once-a-second check, with nothing else running.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(counted).toEqual([]);
      expect(conn.activity.demand).toBe(0);
      // The counting itself works: a statement of the service's is counted.
      await conn.db.execute(sql`select 1`);
      expect(counted).toEqual(["select"]);
    } finally {
      conn.activity.onStatement = undefined;
    }
  });
});
