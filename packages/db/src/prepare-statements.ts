import type { Sql } from "postgres";

/** Statement texts prepared per process at most: hot paths use a few dozen fixed texts. */
const MAX_PREPARED_TEXTS = 500;
/** Statements with more parameters are one-off shapes (VALUES lists, long IN lists). */
const MAX_PREPARED_PARAMS = 64;

/**
 * drizzle runs every postgres.js statement unprepared (`prepare: false`), and postgres.js
 * sends an unprepared statement that has parameters in two round trips (Parse/Describe, wait
 * for the parameter types, then Bind/Execute), parsed and planned anew each time. Preparing
 * makes each statement one round trip and lets PostgreSQL reuse the parse. postgres.js keeps
 * a prepared statement per connection for good, so only a bounded set of texts is prepared:
 * the first MAX_PREPARED_TEXTS distinct texts with few parameters; others run as before.
 */
export function preparingStatements(client: Sql): Sql {
  const texts = new Set<string>();
  const shouldPrepare = (query: string, params: readonly unknown[] | undefined) => {
    if ((params?.length ?? 0) > MAX_PREPARED_PARAMS) return false;
    if (texts.has(query)) return true;
    if (texts.size >= MAX_PREPARED_TEXTS) return false;
    texts.add(query);
    return true;
  };
  const wrap = (sql: Sql): Sql => {
    const unsafe = sql.unsafe;
    sql.unsafe = ((query: string, params?: unknown[], options?: { prepare?: boolean }) =>
      unsafe(query, params as never, { ...options, prepare: shouldPrepare(query, params) })) as Sql["unsafe"];
    return sql;
  };
  const begin = client.begin;
  // Transactions run on a connection-scoped sql of their own: wrap it too.
  client.begin = ((...args: unknown[]) => {
    const fn = args.pop() as (tx: Sql) => unknown;
    return (begin as (...a: unknown[]) => unknown).call(client, ...args, (tx: Sql) => fn(wrap(tx)));
  }) as Sql["begin"];
  return wrap(client);
}
