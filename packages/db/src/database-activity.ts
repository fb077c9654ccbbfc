import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";

/** What a statement does, by its verb: a bounded label for metrics, never the statement's text. */
export type StatementKind = "select" | "insert" | "update" | "delete" | "other";

/**
 * How busy a database made by createDb is, counted where drizzle hands work to the driver.
 * Neither driver says how many of its connections are busy (postgres.js has no pool API, PGlite
 * has one session), so the demand is counted instead: every statement issued outside a
 * transaction and every open transaction or reserved connection holds one connection until it
 * settles. Up to `poolSize` of them hold a connection; the rest wait for one (postgres.js
 * queues them, or pipelines them behind a busy connection's statement, which is a wait too).
 */
export interface DatabaseActivity {
  /** Connections the pool may open (PGlite: 1). */
  readonly poolSize: number;
  /** Statements, transactions and reserved connections not settled yet. */
  demand: number;
  /**
   * Called when a statement settles, with the seconds from its issue to its answer (a wait
   * for a connection included). Statements inside a transaction count too.
   */
  onStatement: ((kind: StatementKind, seconds: number) => void) | undefined;
}

/** Connections holding work now. */
export const connectionsInUse = (a: DatabaseActivity): number => Math.min(a.demand, a.poolSize);
/** Work waiting for a connection now. */
export const connectionsAwaited = (a: DatabaseActivity): number => Math.max(a.demand - a.poolSize, 0);

const activities = new WeakMap<object, DatabaseActivity>();

/** The activity of a database made by createDb (undefined for anything else). */
export const databaseActivityOf = (db: object): DatabaseActivity | undefined => activities.get(db);

export function registerDatabaseActivity(db: object, activity: DatabaseActivity): void {
  activities.set(db, activity);
}

export function newDatabaseActivity(poolSize: number): DatabaseActivity {
  return { poolSize, demand: 0, onStatement: undefined };
}

const VERB = /^\s*\(?\s*(select|insert|update|delete|with)\b/i;
/** In a statement led by CTEs, the first data-modifying verb names it (the update path's). */
const MODIFYING = /\b(update|insert\s+into|delete\s+from)\b/i;

/** Kinds of the texts seen, up to a bound: the hot paths send a few dozen fixed texts. */
const kindOfText = new Map<string, StatementKind>();
const KIND_CACHE_MAX = 1_000;

/** The statement's kind from its text, remembered: a CTE-led text is scanned whole. */
export function statementKind(text: string): StatementKind {
  let kind = kindOfText.get(text);
  if (kind === undefined) {
    kind = kindOfTextOnce(text);
    if (kindOfText.size < KIND_CACHE_MAX) kindOfText.set(text, kind);
  }
  return kind;
}

/** A regular expression on the statement's first words, no parse. */
function kindOfTextOnce(text: string): StatementKind {
  const verb = VERB.exec(text)?.[1]?.toLowerCase();
  if (verb !== "with") return (verb as StatementKind | undefined) ?? "other";
  const modifying = MODIFYING.exec(text)?.[1]?.toLowerCase();
  if (!modifying) return "select";
  return modifying.startsWith("insert") ? "insert" : modifying.startsWith("delete") ? "delete" : "update";
}

function timed<T extends PromiseLike<unknown>>(
  activity: DatabaseActivity,
  text: string,
  pending: T,
  holdsConnection: boolean,
): T {
  const started = performance.now();
  if (holdsConnection) activity.demand++;
  const settled = () => {
    if (holdsConnection) activity.demand--;
    activity.onStatement?.(statementKind(text), (performance.now() - started) / 1000);
  };
  // A second reaction to the same answer: the caller still gets the statement's own object
  // (postgres.js's Query, whose `.values()` drizzle calls next; it starts on a later tick).
  pending.then(settled, settled);
  return pending;
}

function holding<T>(activity: DatabaseActivity, pending: Promise<T>): Promise<T> {
  activity.demand++;
  return pending.finally(() => {
    activity.demand--;
  });
}

/**
 * Counts a postgres.js client's work into `activity`: `unsafe` (every drizzle statement),
 * `begin` (a transaction holds one connection until it ends; its statements are timed but
 * hold nothing more) and `reserve`.
 */
export function countingPostgresActivity(client: Sql, activity: DatabaseActivity): Sql {
  /** True while `begin` sends its BEGIN through the client's `unsafe`: the transaction holds that connection. */
  let beginning = false;
  const wrapUnsafe = (sql: Sql, holdsConnection: boolean): Sql => {
    const unsafe = sql.unsafe;
    sql.unsafe = ((query: string, params?: unknown[], options?: unknown) =>
      timed(
        activity,
        query,
        unsafe(query, params as never, options as never),
        holdsConnection && !beginning,
      )) as Sql["unsafe"];
    return sql;
  };
  const begin = client.begin;
  client.begin = ((...args: unknown[]) => {
    const fn = args.pop() as (tx: Sql) => unknown;
    let started: Promise<unknown>;
    // postgres.js sends BEGIN synchronously within this call.
    beginning = true;
    try {
      started = (begin as (...a: unknown[]) => Promise<unknown>).call(client, ...args, (tx: Sql) =>
        fn(wrapUnsafe(tx, false)),
      );
    } finally {
      beginning = false;
    }
    return holding(activity, started);
  }) as Sql["begin"];
  const reserve = client.reserve;
  client.reserve = (async () => {
    activity.demand++;
    let reserved: Awaited<ReturnType<Sql["reserve"]>>;
    try {
      reserved = await reserve.call(client);
    } catch (err) {
      activity.demand--;
      throw err;
    }
    const release = reserved.release;
    let released = false;
    reserved.release = () => {
      if (!released) activity.demand--;
      released = true;
      release.call(reserved);
    };
    return wrapUnsafe(reserved as unknown as Sql, false);
  }) as unknown as Sql["reserve"];
  return wrapUnsafe(client, true);
}

/**
 * Counts a PGlite's work into `activity`: one session, so a statement or transaction holds it
 * while it runs, and the others queue on PGlite's own lock (waiting).
 */
export function countingPgliteActivity(client: PGlite, activity: DatabaseActivity): void {
  const query = client.query.bind(client);
  client.query = ((text: string, ...rest: unknown[]) =>
    timed(
      activity,
      text,
      (query as (...a: unknown[]) => Promise<unknown>)(text, ...rest),
      true,
    )) as PGlite["query"];
  const exec = client.exec.bind(client);
  client.exec = ((text: string, ...rest: unknown[]) =>
    timed(
      activity,
      text,
      (exec as (...a: unknown[]) => Promise<unknown>)(text, ...rest),
      true,
    )) as PGlite["exec"];
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: Parameters<PGlite["transaction"]>[0]) =>
    holding(
      activity,
      transaction((tx) => {
        const txQuery = tx.query.bind(tx);
        tx.query = ((text: string, ...rest: unknown[]) =>
          timed(
            activity,
            text,
            (txQuery as (...a: unknown[]) => Promise<unknown>)(text, ...rest),
            false,
          )) as typeof tx.query;
        return fn(tx);
      }),
    )) as PGlite["transaction"];
}
