import type { PGlite } from "@electric-sql/pglite";

/** How often the embedded database's tables are checked for stale planner statistics. */
const CHECK_INTERVAL_MS = 1_000;
/**
 * A table is analyzed again once its live rows differ from the count its last ANALYZE saw by
 * this many, plus ANALYZE_SCALE × that count: each time it grew by half (or shrank by as
 * much). PostgreSQL's autovacuum counts changed rows (50 + 0.1 × rows); an ANALYZE of some
 * columns, as here, does not reset that counter, and the ANALYZE holds the one connection, so
 * here the size is what is watched: it is what the plans at stake depend on.
 */
const ANALYZE_BASE = 500;
const ANALYZE_SCALE = 0.5;

/**
 * PGlite runs no autovacuum, so nothing ever ANALYZEs its tables: a table that grows from
 * empty keeps the planner's guesses for an empty table, and plans cached in the session keep
 * whatever they chose when it was small. The foreign-key checks are such plans: after 15,000
 * bulk-imported contacts each insert's check of its contact scanned the contacts table
 * (1.1 ms per row), so an import slowed with every batch (issue #12: 461 creates/s).
 *
 * This is autovacuum's analyze for the embedded database: once a second, the tables whose
 * changes since their last ANALYZE pass the threshold above are analyzed, which also makes
 * the session's cached plans on them be planned again.
 *
 * Only the tables' own columns are analyzed: statistics of expression indexes (the search
 * grams) cost 4× the rest of `contacts` (0.55 s of 0.7 s at 20,000 rows, in WASM, holding the
 * only connection) and the plans at stake do not need them; PGlite never had them before.
 *
 * The check is one query on the raw PGlite client (not drizzle's, so statement counts in
 * tests do not see it), queued behind any open transaction like every other query. Its `query`
 * is the one the client has when this is called: createDb calls it before wrapping the client's
 * for the pool gauges and statement histogram (/metrics), which leave maintenance out.
 */
export function analyzeWhenStale(client: PGlite): { stop(): Promise<void> } {
  const query = client.query.bind(client);
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    const stale = await query<{ target: string }>(
      `select format('%I.%I (%s)', s.schemaname, s.relname,
                     (select string_agg(quote_ident(a.attname), ', ' order by a.attnum)
                        from pg_attribute a
                       where a.attrelid = s.relid and a.attnum > 0 and not a.attisdropped)) as target
         from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where abs(s.n_live_tup - greatest(c.reltuples, 0)) > $1 + $2 * greatest(c.reltuples, 0)`,
      [ANALYZE_BASE, ANALYZE_SCALE],
    );
    if (stopped || stale.rows.length === 0) return;
    await query(`analyze ${stale.rows.map((r) => r.target).join(", ")}`);
  };
  const timer = setInterval(() => {
    if (running || stopped || client.closed) return;
    running = tick()
      // A failed check (the database closing under it) is tried again on the next tick.
      .catch(() => {})
      .finally(() => {
        running = undefined;
      });
  }, CHECK_INTERVAL_MS);
  // A process with nothing else to do exits: the check keeps nothing alive.
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
