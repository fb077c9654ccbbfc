import path from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { lockDataDir } from "./data-dir-lock";
import { dbEnv } from "./env";
import { preparingStatements } from "./prepare-statements";
import { defaultPgliteDataDir, findRepoRoot } from "./repo-root";
import * as schema from "./schema";

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
  /** The server's URL (postgres driver only), for a connection outside the pool. */
  url?: string;
  /** Closes the pool or the embedded database (a process with an open PGlite never exits). */
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** A PostgreSQL URL. Defaults to DATABASE_URL; when neither is set, PGlite is used. */
  url?: string;
  /** PGlite folder, or "memory". Defaults to PGLITE_DATA_DIR, then `<repo>/.data/pglite`. */
  dataDir?: string;
  /** A PGlite data dump to start from (tests load one migrated template). */
  loadDataDir?: Blob | File;
  /** Pool size for postgres.js. */
  maxConnections?: number;
  /** Called with every statement drizzle sends (tests count round trips with it). */
  onQuery?: (query: string) => void;
}

export async function createDb(options: CreateDbOptions = {}): Promise<DbConnection> {
  const url = options.url ?? (options.dataDir ? undefined : dbEnv.DATABASE_URL);
  const logger = options.onQuery ? { logQuery: options.onQuery } : undefined;
  if (url) return connectPostgres(url, options.maxConnections ?? 10, logger);
  // A relative folder means one under the repo root, whichever package's folder we run in
  // (Next runs in apps/web, the scripts in apps/scripts): both must open the same database.
  const configured = options.dataDir ?? dbEnv.PGLITE_DATA_DIR;
  const dataDir =
    configured === undefined
      ? defaultPgliteDataDir()
      : configured === "memory"
        ? configured
        : path.resolve(findRepoRoot(), configured);
  return openPglite(dataDir, options.loadDataDir, logger);
}

type QueryLogger = { logQuery: (query: string) => void } | undefined;

function connectPostgres(url: string, max: number, logger: QueryLogger): DbConnection {
  const client = preparingStatements(
    postgres(url, {
      max,
      onnotice: () => {},
      // Keep ids and timestamps as the drivers agree on; bigint stays a string.
      connection: { application_name: "contacts" },
    }),
  );
  const db = drizzlePostgres(client, { schema, logger }) as unknown as Database;
  return { db, driver: "postgres", url, close: () => client.end({ timeout: 5 }) };
}

async function openPglite(
  dataDir: string,
  loadDataDir: Blob | File | undefined,
  logger: QueryLogger,
): Promise<DbConnection> {
  const inMemory = dataDir === "memory";
  const release = inMemory ? undefined : await lockDataDir(dataDir);
  const pgOptions: PGliteOptions = { extensions: { pg_trgm } };
  if (loadDataDir) pgOptions.loadDataDir = loadDataDir;
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? undefined : dataDir, pgOptions);
  } catch (err) {
    await release?.();
    throw err;
  }
  const db = drizzlePglite(client, { schema, logger }) as unknown as Database;
  return {
    db,
    driver: "pglite",
    close: async () => {
      await client.close();
      await release?.();
    },
  };
}

/** The underlying PGlite of a connection made by createDb, for dumps in tests. */
export function pgliteOf(connection: DbConnection): PGlite {
  return (connection.db as unknown as { $client: PGlite }).$client;
}
