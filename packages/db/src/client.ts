import path from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type LockLostHandler, lockDataDir } from "./data-dir-lock";
import {
  countingPgliteActivity,
  countingPostgresActivity,
  type DatabaseActivity,
  newDatabaseActivity,
  registerDatabaseActivity,
} from "./database-activity";
import { databaseTimeouts, dbEnv } from "./env";
import { type DatabaseListener, listenOnPostgres } from "./listen";
import { analyzeWhenStale } from "./pglite-autoanalyze";
import { preparingStatements } from "./prepare-statements";
import { defaultPgliteDataDir, findRepoRoot } from "./repo-root";
import * as schema from "./schema";
import { captureSql } from "./sql-capture";

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What query functions take: the database, or a transaction on it. */
export type Executor = Database | Transaction;

export type DbDriver = "pglite" | "postgres";

export interface DbConnection {
  db: Database;
  driver: DbDriver;
  /** How busy the pool is and how long statements take, for metrics (database-activity.ts). */
  activity: DatabaseActivity;
  /** The server's URL (postgres driver only), for a connection outside the pool. */
  url?: string;
  /**
   * Where what needs a session of its own goes (postgres driver only): LISTEN and the
   * migrations' advisory lock. The pool's URL, unless DATABASE_DIRECT_URL (or `directUrl`)
   * names the server itself while the pool goes through a transaction pooler such as
   * PgBouncer, which cannot keep a session's LISTEN or lock (docs/scaling.md).
   */
  sessionUrl?: string;
  /**
   * Whether the database answers `select 1` within `timeoutMs`, on a session outside the pool
   * (PostgreSQL), so a health check never queues behind pooled connections that wait on locks.
   */
  ping(timeoutMs: number): Promise<boolean>;
  /**
   * Subscribes to a NOTIFY channel on a session of its own that comes back after the server
   * does (PostgreSQL only: the embedded database has one process, nothing to hear from).
   */
  listen?: (channel: string, listener: DatabaseListener) => Promise<void>;
  /**
   * Closes the pool or the embedded database (a process with an open PGlite never exits).
   * Statements still running get `graceMs` (default 5 s) before their sessions are ended.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Session limits of pooled PostgreSQL connections, in milliseconds (0 = none). */
export interface SessionTimeouts {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  connectTimeoutMs: number;
}

export interface CreateDbOptions {
  /** A PostgreSQL URL. Defaults to DATABASE_URL; when neither is set, PGlite is used. */
  url?: string;
  /**
   * The server itself, when `url` goes through a transaction pooler: for LISTEN and the
   * migration lock. Defaults to DATABASE_DIRECT_URL when `url` comes from DATABASE_URL.
   */
  directUrl?: string;
  /** PGlite folder, or "memory". Defaults to PGLITE_DATA_DIR, then `<repo>/.data/pglite`. */
  dataDir?: string;
  /** A PGlite data dump to start from (tests load one migrated template). */
  loadDataDir?: Blob | File;
  /** Pool size for postgres.js. Defaults to DATABASE_POOL_SIZE (10). */
  maxConnections?: number;
  /** Overrides of the session limits from the environment (tests use short ones). */
  timeouts?: Partial<SessionTimeouts>;
  /**
   * Called when the embedded database's folder lock is lost (another process may own the
   * folder now). Defaults to logging and exiting the process, since writing on would corrupt it.
   */
  onLockLost?: LockLostHandler;
  /** Called with every statement drizzle sends (tests count round trips with it). */
  onQuery?: (query: string) => void;
}

export async function createDb(options: CreateDbOptions = {}): Promise<DbConnection> {
  const url = options.url ?? (options.dataDir ? undefined : dbEnv.DATABASE_URL);
  const logger = queryLogger(options.onQuery);
  if (url) {
    const timeouts = { ...databaseTimeouts, ...options.timeouts };
    const sessionUrl = options.directUrl ?? (options.url ? undefined : dbEnv.DATABASE_DIRECT_URL) ?? url;
    return connectPostgres(
      url,
      sessionUrl,
      options.maxConnections ?? dbEnv.DATABASE_POOL_SIZE,
      timeouts,
      logger,
    );
  }
  // A relative folder means one under the repo root, whichever package's folder we run in
  // (Next runs in apps/web, the scripts in apps/scripts): both must open the same database.
  const configured = options.dataDir ?? dbEnv.PGLITE_DATA_DIR;
  const dataDir =
    configured === undefined
      ? defaultPgliteDataDir()
      : configured === "memory"
        ? configured
        : path.resolve(findRepoRoot(), configured);
  return openPglite(dataDir, options.loadDataDir, logger, options.onLockLost);
}

type QueryLogger = { logQuery: (query: string, params: unknown[]) => void } | undefined;

/** drizzle's logger: the caller's, the statement capture's (SQL_CAPTURE_DIR), both or none. */
function queryLogger(onQuery: ((query: string) => void) | undefined): QueryLogger {
  const capture = captureSql;
  if (onQuery && capture)
    return {
      logQuery: (query, params) => {
        capture(query, params);
        onQuery(query);
      },
    };
  if (capture) return { logQuery: capture };
  return onQuery ? { logQuery: onQuery } : undefined;
}

const HEALTH_QUERY = "select 1";

const limitsOf = new WeakMap<Database, SessionTimeouts>();
/** PostgreSQL 14+; how often a running statement checks that its client is still there. */
const CLIENT_CHECK_INTERVAL_MS = 1_000;

/**
 * The session limits of a database made by createDb (the environment's for PGlite, which
 * has none of its own): code that waits in memory for a turn to write waits as long as the
 * database would wait for the lock.
 */
export const sessionTimeoutsOf = (db: Executor): SessionTimeouts =>
  limitsOf.get(db as Database) ?? databaseTimeouts;

/**
 * How long a pooled connection waits before it tries to reconnect after failed attempts, in
 * seconds. postgres.js's default grows to 20 s, so after a one-second restart of the server
 * requests kept failing for up to 19 s; capped at half a second, a request during an outage
 * fails (503) within that, and the first one after it reconnects.
 */
const reconnectDelay = (attempt: number) => Math.min(0.02 * 2 ** attempt, 0.5);

function connectPostgres(
  url: string,
  sessionUrl: string,
  max: number,
  t: SessionTimeouts,
  logger: QueryLogger,
): DbConnection {
  const activity = newDatabaseActivity(max);
  // Counted outside the preparing patch: that one hands every statement on to `unsafe` as it is.
  const client = countingPostgresActivity(
    preparingStatements(
      postgres(url, {
        max,
        onnotice: () => {},
        connect_timeout: t.connectTimeoutMs / 1000,
        backoff: reconnectDelay,
        // Startup parameters: every connection gets them, new ones after a restart too.
        connection: {
          application_name: "contacts",
          statement_timeout: t.statementTimeoutMs,
          lock_timeout: t.lockTimeoutMs,
          idle_in_transaction_session_timeout: t.idleInTransactionTimeoutMs,
          // A statement whose client is gone (the process was stopped or killed while it waited
          // on a lock) is ended within a second instead of committing later, unanswered.
          client_connection_check_interval: CLIENT_CHECK_INTERVAL_MS,
          // Every statement here is a short OLTP one, planned once and run many times. JIT
          // compiles whenever a plan's estimate passes jit_above_cost, which a generic plan over
          // a 1,000,000-contact workspace does: 860 ms of compiling for a 2 ms query (issue #15).
          jit: "off",
        } as Record<string, number | string>,
      }),
    ),
    activity,
  );
  const db = drizzlePostgres(client, { schema, logger }) as unknown as Database;
  limitsOf.set(db, t);
  registerDatabaseActivity(db, activity);
  const health = healthSession(url);
  const listeners: { close(): Promise<void> }[] = [];
  return {
    db,
    driver: "postgres",
    activity,
    url,
    sessionUrl,
    ping: health.ping,
    listen: async (channel, listener) => {
      listeners.push(await listenOnPostgres(sessionUrl, channel, listener));
    },
    close: async (options) => {
      await Promise.all([
        client.end({ timeout: (options?.graceMs ?? 5_000) / 1000 }),
        health.close(),
        ...listeners.map((l) => l.close()),
      ]);
    },
  };
}

/**
 * One connection of its own for health checks, opened on first use: the pool's connections
 * may all be waiting on a lock (up to the lock timeout) or on a slow statement, and a load
 * balancer must still learn within a second whether the database answers.
 */
function healthSession(url: string) {
  let session: postgres.Sql | undefined;
  const ping = async (timeoutMs: number): Promise<boolean> => {
    session ??= postgres(url, {
      max: 1,
      onnotice: () => {},
      connect_timeout: timeoutMs / 1000,
      // Try again at once on the next check: a check is already once a second or so.
      backoff: () => 0,
      idle_timeout: 60,
      connection: {
        application_name: "contacts health",
        statement_timeout: timeoutMs,
      } as Record<string, number | string>,
    });
    captureSql?.(HEALTH_QUERY);
    return answersWithin(
      session.unsafe(HEALTH_QUERY).then(() => true),
      timeoutMs,
    );
  };
  return { ping, close: async () => session?.end({ timeout: 1 }) };
}

/** Whether `check` resolves true within `ms`; a rejection or a late answer is false. */
function answersWithin(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
}

async function openPglite(
  dataDir: string,
  loadDataDir: Blob | File | undefined,
  logger: QueryLogger,
  onLockLost: LockLostHandler | undefined,
): Promise<DbConnection> {
  const inMemory = dataDir === "memory";
  // The session limits are not set here: PGlite is one session (no lock waits between
  // sessions), and its WASM build never fires a timeout (measured: pg_sleep(1) ran to its end
  // under statement_timeout = 200ms).
  const release = inMemory ? undefined : await lockDataDir(dataDir, onLockLost);
  const pgOptions: PGliteOptions = { extensions: { pg_trgm } };
  if (loadDataDir) pgOptions.loadDataDir = loadDataDir;
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? undefined : dataDir, pgOptions);
  } catch (err) {
    await release?.();
    throw err;
  }
  // Before the counting below: the maintenance check is not the service's work, so it is not
  // in the pool gauges or the statement histogram (metrics tests count exact statements).
  const autoanalyze = analyzeWhenStale(client);
  const activity = newDatabaseActivity(1);
  countingPgliteActivity(client, activity);
  const db = drizzlePglite(client, { schema, logger }) as unknown as Database;
  registerDatabaseActivity(db, activity);
  return {
    db,
    driver: "pglite",
    activity,
    // Queries to PGlite run one at a time: a long one delays the check, which then says no.
    ping: (timeoutMs) => {
      captureSql?.(HEALTH_QUERY);
      return answersWithin(
        client.query(HEALTH_QUERY).then(() => true),
        timeoutMs,
      );
    },
    close: async () => {
      await autoanalyze.stop();
      await client.close();
      await release?.();
    },
  };
}

/** The underlying PGlite of a connection made by createDb, for dumps in tests. */
export function pgliteOf(connection: DbConnection): PGlite {
  return (connection.db as unknown as { $client: PGlite }).$client;
}
