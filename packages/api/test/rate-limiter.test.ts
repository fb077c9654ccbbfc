import { randomUUID } from "node:crypto";
import { type DbConnection, getRateLimitCounter, purgeExpiredRateLimits, queryRows } from "@contacts/db";
import { openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { RateLimiterRes } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresRateLimiter } from "../src/rate-limit/postgres-rate-limiter";
import { openSecondInstance } from "./support/second-instance";

/**
 * rate-limiter-flexible over the rate_limits table: counts, windows, one statement per tick,
 * counters shared by instances, expiry, and the in-memory fallback when the database fails.
 */
let conn: DbConnection;
const statements: string[] = [];
beforeAll(async () => {
  conn = await openTestDb({ onQuery: (q) => statements.push(q) });
});
afterAll(() => conn?.close());

/** A limiter with a prefix of its own, so tests sharing a database never share counters. */
const limiter = (points: number, windowSeconds = 60) =>
  new PostgresRateLimiter({ keyPrefix: `t-${randomUUID()}`, points, windowSeconds });

/** Resolves to "ok" or "refused" (the library rejects with a RateLimiterRes when over). */
const attempt = (l: PostgresRateLimiter, key: string, db = conn.db, points = 1) =>
  l.consume(key, points, { db }).then(
    (res) => ({ outcome: "ok" as const, res }),
    (err: unknown) => {
      if (err instanceof RateLimiterRes) return { outcome: "refused" as const, res: err };
      throw err;
    },
  );

describe("PostgresRateLimiter", () => {
  it("allows n points per window and refuses the n+1st, with the time left", async () => {
    const l = limiter(5);
    for (let i = 1; i <= 5; i++) {
      const { outcome, res } = await attempt(l, "k");
      expect(outcome).toBe("ok");
      expect(res.remainingPoints).toBe(5 - i);
      expect(res.consumedPoints).toBe(i);
      expect(res.msBeforeNext).toBeGreaterThan(55_000);
      expect(res.msBeforeNext).toBeLessThanOrEqual(60_000);
    }
    const sixth = await attempt(l, "k");
    expect(sixth.outcome).toBe("refused");
    expect(sixth.res.remainingPoints).toBe(0);
    expect(sixth.res.msBeforeNext).toBeGreaterThan(55_000);
    // Another key has its own budget.
    expect((await attempt(l, "other")).outcome).toBe("ok");
  });

  it("counts a cost of several points at once, and refuses a cost that does not fit", async () => {
    const l = limiter(10);
    expect((await attempt(l, "k", conn.db, 7)).res.remainingPoints).toBe(3);
    expect((await attempt(l, "k", conn.db, 3)).outcome).toBe("ok");
    expect((await attempt(l, "k", conn.db, 1)).outcome).toBe("refused");
  });

  it("refuses a key over its limit from memory, without a statement, until its window ends", async () => {
    const l = limiter(1);
    await attempt(l, "k");
    expect((await attempt(l, "k")).outcome).toBe("refused");
    expect(l.blockedInMemoryMs("k")).toBeGreaterThan(55_000);
    const before = statements.length;
    const again = await attempt(l, "k");
    expect(again.outcome).toBe("refused");
    expect(again.res.msBeforeNext).toBeGreaterThan(55_000);
    expect(statements.length).toBe(before);
  });

  it("starts a new window when the last one has ended, reusing the row", async () => {
    const l = limiter(2, 0.3);
    await attempt(l, "k");
    await attempt(l, "k");
    expect((await attempt(l, "k")).outcome).toBe("refused");
    await new Promise((r) => setTimeout(r, 400));
    const { outcome, res } = await attempt(l, "k");
    expect(outcome).toBe("ok");
    expect(res.consumedPoints).toBe(1);
    expect(res.isFirstInDuration).toBe(true);
  });

  it("counts every limiter touched in one tick in one statement", async () => {
    const a = limiter(5);
    const b = limiter(5);
    const before = statements.length;
    const [x, y, z] = await Promise.all([attempt(a, "k"), attempt(b, "k"), attempt(b, "other")]);
    expect(statements.length - before).toBe(1);
    expect([x.res.consumedPoints, y.res.consumedPoints, z.res.consumedPoints]).toEqual([1, 1, 1]);
  });

  it("counts one key spent twice in one tick twice (in a second statement)", async () => {
    const l = limiter(5);
    const before = statements.length;
    const results = await Promise.all([attempt(l, "k"), attempt(l, "k"), attempt(l, "k")]);
    expect(statements.length - before).toBe(3);
    expect(results.map((r) => r.res.consumedPoints).sort()).toEqual([1, 2, 3]);
  });

  it("never loses a count under concurrency: 40 parallel spends of a limit of 25 let exactly 25 through", async () => {
    const l = limiter(25);
    const keyA = `k-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? attempt(l, keyA) : new Promise((r) => setTimeout(r, i)).then(() => attempt(l, keyA)),
      ),
    );
    expect(results.filter((r) => r.outcome === "ok")).toHaveLength(25);
  });

  it("shares counters between instances on one database", async () => {
    const second = await openSecondInstance(conn);
    try {
      const prefix = `t-${randomUUID()}`;
      // Two processes' limiters: same table, separate memory.
      const onA = new PostgresRateLimiter({ keyPrefix: prefix, points: 4, windowSeconds: 60 });
      const onB = new PostgresRateLimiter({ keyPrefix: prefix, points: 4, windowSeconds: 60 });
      expect((await attempt(onA, "k")).outcome).toBe("ok");
      expect((await attempt(onB, "k", second.db)).outcome).toBe("ok");
      expect((await attempt(onA, "k")).outcome).toBe("ok");
      const fourth = await attempt(onB, "k", second.db);
      expect(fourth.outcome).toBe("ok");
      expect(fourth.res.consumedPoints).toBe(4);
      expect((await attempt(onA, "k")).outcome).toBe("refused");
      expect((await attempt(onB, "k", second.db)).outcome).toBe("refused");
    } finally {
      await second.close();
    }
  });

  it("reads, rewards and deletes a counter", async () => {
    const l = limiter(3);
    await attempt(l, "k", conn.db, 2);
    expect((await l.get("k", { db: conn.db }))?.consumedPoints).toBe(2);
    await l.reward("k", 1, { db: conn.db });
    expect((await l.get("k", { db: conn.db }))?.consumedPoints).toBe(1);
    expect(await l.delete("k", { db: conn.db })).toBe(true);
    expect(await l.get("k", { db: conn.db })).toBeNull();
  });

  it("purges counters whose window has ended, and only those", async () => {
    const short = limiter(5, 0.2);
    const long = limiter(5, 60);
    await Promise.all([attempt(short, "k"), attempt(long, "k")]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await purgeExpiredRateLimits(conn.db)).toBeGreaterThanOrEqual(1);
    expect(await getRateLimitCounter(conn.db, short.getKey("k"))).toBeNull();
    const rows = await queryRows<{ key: string }>(
      conn.db,
      sql`select key from rate_limits where key in (${short.getKey("k")}, ${long.getKey("k")})`,
    );
    expect(rows.map((r) => r.key)).toEqual([long.getKey("k")]);
  });

  it("keeps counting in memory when the database fails", async () => {
    const broken = await openTestDb();
    await broken.close();
    const l = limiter(2);
    expect((await attempt(l, "k", broken.db)).outcome).toBe("ok");
    expect((await attempt(l, "k", broken.db)).outcome).toBe("ok");
    expect((await attempt(l, "k", broken.db)).outcome).toBe("refused");
  });
});
