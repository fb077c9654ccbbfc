import { sql } from "drizzle-orm";
import type { Executor } from "../client";
import { queryRows } from "../rows";

/** Points to add to one counter, and the window a new (or expired) counter starts with. */
export interface RateLimitSpend {
  key: string;
  points: number;
  windowMs: number;
}

/** A counter after a change: its points in the current window and the time left in it. */
export interface RateLimitCounter {
  key: string;
  points: number;
  msLeft: number;
}

/**
 * Adds points to several counters in one statement: a counter that does not exist or whose
 * window has ended starts a new window with just these points. The window's end and the
 * time left are the database's clock, the one clock every app instance shares. The keys must
 * be distinct (one statement cannot update a row twice).
 */
export async function spendRateLimitPoints(
  db: Executor,
  spends: RateLimitSpend[],
): Promise<RateLimitCounter[]> {
  const rows = spends.map((s) => ({ key: s.key, points: s.points, secs: s.windowMs / 1000 }));
  // One JSON parameter, so every batch size is the same (prepared) statement text.
  return queryRows<RateLimitCounter>(
    db,
    sql`insert into rate_limits as r (key, points, expires_at)
select t.key, t.points, now() + make_interval(secs => t.secs)
  from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(key text, points int, secs float8)
    on conflict (key) do update
   set points = case when r.expires_at <= now() then excluded.points else r.points + excluded.points end,
       expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end
returning r.key, r.points, greatest(0, extract(epoch from r.expires_at - now()) * 1000)::float8 as "msLeft"`,
  );
}

/** Sets a counter to `points` with a new window, whatever it held (blocking a key for a time). */
export async function setRateLimitPoints(db: Executor, spend: RateLimitSpend): Promise<RateLimitCounter> {
  const rows = await queryRows<RateLimitCounter>(
    db,
    sql`insert into rate_limits as r (key, points, expires_at)
values (${spend.key}, ${spend.points}, now() + make_interval(secs => ${spend.windowMs / 1000}::float8))
    on conflict (key) do update set points = excluded.points, expires_at = excluded.expires_at
returning r.key, r.points, greatest(0, extract(epoch from r.expires_at - now()) * 1000)::float8 as "msLeft"`,
  );
  const row = rows[0];
  if (!row) throw new Error("rate limit upsert returned nothing");
  return row;
}

/** A counter whose window has not ended, or null. */
export async function getRateLimitCounter(db: Executor, key: string): Promise<RateLimitCounter | null> {
  const rows = await queryRows<RateLimitCounter>(
    db,
    sql`select key, points, greatest(0, extract(epoch from expires_at - now()) * 1000)::float8 as "msLeft"
          from rate_limits where key = ${key} and expires_at > now()`,
  );
  return rows[0] ?? null;
}

/** Forgets a counter; answers whether there was one. */
export async function deleteRateLimitCounter(db: Executor, key: string): Promise<boolean> {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`delete from rate_limits where key = ${key} returning key`,
  );
  return rows.length > 0;
}

/** Deletes counters whose window has ended (they count as absent anyway); answers how many. */
export async function purgeExpiredRateLimits(db: Executor): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with d as (delete from rate_limits where expires_at <= now() returning 1) select count(*)::int as n from d`,
  );
  return rows[0]?.n ?? 0;
}
