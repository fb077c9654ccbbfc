import {
  DatabaseUnavailableError,
  isDatabaseUnavailable,
  logger,
  startWebhookDelivery,
  watchRevokedKeys,
} from "@contacts/api";
import { observeDatabase } from "@contacts/api/metrics";
import { createDb, type Database, type DbConnection, migrate } from "@contacts/db";

interface DatabaseHolder {
  /** Opening, migrating, and waiting for the database while it is down. */
  opening?: Promise<DbConnection>;
  /** Set once open and migrated. */
  conn?: DbConnection;
  /** Settles when the first attempt to open has succeeded or failed. */
  firstAttempt?: Promise<void>;
  /** True while the database was down at start and the next attempt is pending. */
  waiting: boolean;
  closed: boolean;
}

/**
 * One database connection per server process, kept on globalThis: the production server
 * holds this module twice (server.ts and Next's bundle), hot reloads in dev load it again, and
 * a second PGlite on the same folder would corrupt it.
 */
const KEY = Symbol.for("@contacts/web/db");
const globals = globalThis as { [KEY]?: DatabaseHolder };
globals[KEY] ??= { waiting: false, closed: false };
const holder = globals[KEY];

/** Longest pause between attempts while the database is down at start. */
const MAX_RETRY_DELAY_MS = 2_000;

async function openOnce(): Promise<DbConnection> {
  const conn = await createDb({
    onLockLost: (message) => {
      logger.fatal(message);
      process.exit(1);
    },
  });
  try {
    await migrate(conn);
    await watchRevokedKeys(conn);
    // Pool gauges, statement times and the webhook backlog on /metrics.
    observeDatabase(conn);
    // In this process unless WEBHOOK_DELIVERY=worker; stopped by the shutdown hooks, before
    // the database closes.
    startWebhookDelivery(conn.db);
    return conn;
  } catch (err) {
    await conn.close().catch(() => {});
    throw err;
  }
}

/**
 * Opens the database and applies pending migrations. When the server is not there yet (a
 * PostgreSQL that is down, starting, or refusing connections), it waits and tries again, with
 * growing pauses up to 2 s, instead of ending the process: the server listens meanwhile and
 * answers 503. Anything else (a lock held by another process on the embedded folder, a
 * migration that fails) is thrown, and the server stops with that message.
 */
async function openWhenAvailable(): Promise<DbConnection> {
  let firstAttemptSettled!: () => void;
  holder.firstAttempt = new Promise((resolve) => {
    firstAttemptSettled = resolve;
  });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const conn = await openOnce();
        if (holder.closed) {
          await conn.close();
          throw new DatabaseUnavailableError("The server is shutting down");
        }
        holder.conn = conn;
        holder.waiting = false;
        if (attempt > 1) logger.info({ attempt }, "database available; migrations applied");
        return conn;
      } catch (err) {
        if (!isDatabaseUnavailable(err) || holder.closed) throw err;
        holder.waiting = true;
        firstAttemptSettled();
        const retryInMs = Math.min(250 * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
        logger.warn(
          { attempt, retryInMs, cause: (err as Error).message },
          "database unavailable at start; waiting for it",
        );
        await new Promise((resolve) => setTimeout(resolve, retryInMs));
      }
    }
  } finally {
    firstAttemptSettled();
  }
}

/** The open, migrated connection; waits for the database while it is down. */
export function getConnection(): Promise<DbConnection> {
  holder.opening ??= openWhenAvailable().catch((err: unknown) => {
    holder.opening = undefined;
    throw err;
  });
  return holder.opening;
}

/**
 * The database for a request. While the server is still waiting for a database that was down
 * at start, it fails at once (a 503 with Retry-After) rather than holding the request.
 */
export async function getDb(): Promise<Database> {
  if (!holder.conn && !holder.waiting && !holder.closed) {
    // Opening for the first time (PGlite takes seconds): wait for that attempt, not the retries.
    void getConnection().catch(() => {});
    await holder.firstAttempt;
  }
  if (holder.conn) return holder.conn.db;
  throw new DatabaseUnavailableError();
}

/** Whether the database answers within `timeoutMs`, outside the pool; false before it is open. */
export function pingDatabase(timeoutMs: number): Promise<boolean> {
  return holder.conn ? holder.conn.ping(timeoutMs) : Promise.resolve(false);
}

/**
 * Closes the connection at shutdown (and stops waiting for one); later requests answer 503.
 * Statements still running get `graceMs` to finish.
 */
export async function closeDatabase(options: { graceMs?: number } = {}): Promise<void> {
  holder.closed = true;
  const conn = holder.conn;
  holder.conn = undefined;
  await conn?.close(options);
}
