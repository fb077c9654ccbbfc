import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectionsAwaited,
  connectionsInUse,
  type DbConnection,
  databaseActivityOf,
  type StatementKind,
  statementKind,
} from "../src";
import { openTestDb } from "../src/testing";

/**
 * database-activity.ts: the demand counted where drizzle hands work to the driver (the pool
 * gauges of /metrics) and the kind of each statement, on PGlite or the TEST_DATABASE_URL server.
 */
describe("statement kinds", () => {
  it.each<[string, StatementKind]>([
    ["select 1", "select"],
    ['  SELECT "id" from "contacts"', "select"],
    ['insert into "contacts" ("id") values ($1)', "insert"],
    ['update "contacts" set "version" = $1', "update"],
    ["delete from webhook_deliveries where id = $1", "delete"],
    [
      "with p as (select 1), u as (update contacts set version = 2 returning 1) insert into contact_history select 1",
      "update",
    ],
    ["with h as (insert into contact_history select 1 returning 1) select count(*) from h", "insert"],
    ["with d as (delete from contacts returning 1) select 1", "delete"],
    ["with a as (select 1) select * from a", "select"],
    ["(select 1) union (select 2)", "select"],
    ["begin", "other"],
    ["set local lock_timeout = 100", "other"],
    ['create table "x" ("id" text)', "other"],
    ["selection_of_nothing", "other"],
  ])("%s → %s", (text, kind) => {
    expect(statementKind(text)).toBe(kind);
    // Remembered: the same answer the second time.
    expect(statementKind(text)).toBe(kind);
  });
});

describe("pool demand", () => {
  let conn: DbConnection;
  beforeAll(async () => {
    conn = await openTestDb({ maxConnections: 2 });
  });
  afterAll(() => conn?.close());

  it("is registered for the database and rests at zero", () => {
    expect(databaseActivityOf(conn.db)).toBe(conn.activity);
    expect(conn.activity.poolSize).toBe(conn.driver === "pglite" ? 1 : 2);
    expect(conn.activity.demand).toBe(0);
  });

  it("holds one per transaction and statement outside it, and times every statement", async () => {
    const timed: StatementKind[] = [];
    conn.activity.onStatement = (kind) => timed.push(kind);
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inside!: () => void;
      const begun = new Promise<void>((resolve) => {
        inside = resolve;
      });
      const tx = conn.db.transaction(async (t) => {
        await t.execute(sql`select 1`);
        inside();
        await held;
      });
      await begun;
      // One for the transaction, its BEGIN included.
      expect(conn.activity.demand).toBe(1);
      const outside = [1, 2].map(async () => conn.db.execute(sql`select pg_sleep(0.2)`));
      await expect.poll(() => conn.activity.demand, { interval: 5 }).toBe(3);
      const size = conn.activity.poolSize;
      expect(connectionsInUse(conn.activity)).toBe(Math.min(3, size));
      expect(connectionsAwaited(conn.activity)).toBe(3 - Math.min(3, size));
      release();
      await Promise.all([tx, ...outside]);
      expect(conn.activity.demand).toBe(0);
      // (On PostgreSQL the transaction's BEGIN is a statement too: `other`.)
      expect(timed.filter((k) => k !== "other")).toEqual(["select", "select", "select"]);
    } finally {
      conn.activity.onStatement = undefined;
    }
  });

  it("is given back when a statement fails", async () => {
    await expect(conn.db.execute(sql`select no_such_column`)).rejects.toThrow();
    await expect(conn.db.transaction(async (t) => t.execute(sql`select no_such_column`))).rejects.toThrow();
    expect(conn.activity.demand).toBe(0);
  });
});
