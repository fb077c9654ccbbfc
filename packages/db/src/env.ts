import { z } from "zod";

const emptyIsUnset = (v: unknown) => (v === "" ? undefined : v);
/** A duration in milliseconds; 0 turns the limit off (PostgreSQL's own meaning of 0). */
const millis = (fallback: number) =>
  z.preprocess(emptyIsUnset, z.coerce.number().int().min(0).max(2_147_483_647).default(fallback));

/** The only place this package reads process.env. */
export const dbEnv = z
  .object({
    DATABASE_URL: z.preprocess(emptyIsUnset, z.url().optional()),
    /**
     * The PostgreSQL server itself, when DATABASE_URL goes through a transaction pooler
     * (PgBouncer): LISTEN and the migration lock need a session of their own.
     */
    DATABASE_DIRECT_URL: z.preprocess(emptyIsUnset, z.url().optional()),
    PGLITE_DATA_DIR: z.preprocess(emptyIsUnset, z.string().optional()),
    /** Connections in the pool of each process (postgres.js). */
    DATABASE_POOL_SIZE: z.preprocess(emptyIsUnset, z.coerce.number().int().min(1).max(1000).default(10)),
    /** Longest a statement may run before PostgreSQL cancels it (the answer is a 503). */
    DATABASE_STATEMENT_TIMEOUT_MS: millis(15_000),
    /** Longest a statement waits for a lock (a row held by another writer): then a 409. */
    DATABASE_LOCK_TIMEOUT_MS: millis(2_000),
    /** A session idle inside an open transaction this long is ended by PostgreSQL. */
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: millis(30_000),
    /** Longest a new connection may take to open; also the health check's own budget. */
    DATABASE_CONNECT_TIMEOUT_MS: z.preprocess(
      emptyIsUnset,
      z.coerce.number().int().min(100).max(600_000).default(5_000),
    ),
    /** A folder to record every distinct statement sent into (the routability check's input). */
    SQL_CAPTURE_DIR: z.preprocess(emptyIsUnset, z.string().optional()),
  })
  .parse(process.env);

/** The session limits every pooled connection gets (docs/decisions.md, "Timeouts"). */
export const databaseTimeouts = {
  statementTimeoutMs: dbEnv.DATABASE_STATEMENT_TIMEOUT_MS,
  lockTimeoutMs: dbEnv.DATABASE_LOCK_TIMEOUT_MS,
  idleInTransactionTimeoutMs: dbEnv.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  connectTimeoutMs: dbEnv.DATABASE_CONNECT_TIMEOUT_MS,
} as const;
