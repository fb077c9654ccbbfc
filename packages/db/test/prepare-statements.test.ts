import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbConnection, queryRows } from "../src";
import { testDatabaseUrl } from "../src/testing";

/**
 * prepare-statements.ts patches postgres.js (`sql.unsafe`, `sql.begin`) so that drizzle's
 * statements are prepared: one round trip each instead of two (docs/decisions.md). An upgrade
 * of drizzle-orm or postgres that routes statements another way would silently lose that;
 * here it fails. PostgreSQL only: PGlite has no protocol-level prepared statements to see.
 */
const url = testDatabaseUrl();

describe.skipIf(!url)("statements drizzle sends through postgres.js are prepared", () => {
  let conn: DbConnection;
  beforeAll(async () => {
    // One connection, so the session that prepared is the one asked.
    conn = await createDb({ url, maxConnections: 1 });
  });
  afterAll(() => conn?.close());

  /** The texts this connection has prepared at the protocol level. */
  const prepared = async () =>
    (
      await queryRows<{ statement: string }>(
        conn.db,
        sql`select statement from pg_prepared_statements where not from_sql`,
      )
    ).map((r) => r.statement);

  it("a statement with parameters, outside and inside a transaction", async () => {
    const marker = `m${Date.now()}`;
    await queryRows(conn.db, sql`select ${marker}::text as outside_tx`);
    await conn.db.transaction(async (tx) => {
      await queryRows(tx, sql`select ${marker}::text as inside_tx`);
    });
    const texts = await prepared();
    expect(texts.some((t) => t.includes("as outside_tx"))).toBe(true);
    expect(texts.some((t) => t.includes("as inside_tx"))).toBe(true);
  });

  it("but not a one-off shape with more parameters than the limit", async () => {
    const values = Array.from({ length: 65 }, (_, i) => sql`${i}::int`);
    await queryRows(conn.db, sql`select greatest(${sql.join(values, sql`, `)}) as too_many_params`);
    expect((await prepared()).some((t) => t.includes("as too_many_params"))).toBe(false);
  });
});
