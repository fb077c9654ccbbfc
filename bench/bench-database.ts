import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, type DbConnection, migrate } from "@contacts/db";

const PG_BIN = "/usr/lib/postgresql/15/bin";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BenchDatabase {
  kind: "postgres (throwaway)" | "postgres (BENCH_DATABASE_URL)" | "pglite (in memory)";
  url: string | undefined;
  conn: DbConnection;
  stop(): Promise<void>;
}

/**
 * The database a benchmark runs on: BENCH_DATABASE_URL when set; else a throwaway
 * PostgreSQL 15 started with .ci/start-postgres.sh (fsync off, like CI) when the binaries
 * are here and BENCH_DB is not "pglite"; else in-memory PGlite. Migrated either way.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  if (process.env.BENCH_DATABASE_URL) {
    const url = process.env.BENCH_DATABASE_URL;
    const conn = await createDb({ url, maxConnections: 12 });
    await migrate(conn);
    return { kind: "postgres (BENCH_DATABASE_URL)", url, conn, stop: () => conn.close() };
  }
  if (process.env.BENCH_DB !== "pglite" && existsSync(`${PG_BIN}/postgres`)) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "contacts-bench-pg-"));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    execFileSync(path.join(repoRoot, ".ci/start-postgres.sh"), [dir, String(port)], { stdio: "inherit" });
    const stopServer = () => {
      const asPg = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
      const [cmd, ...args] = [...asPg, `${PG_BIN}/pg_ctl`, "-D", `${dir}/data`, "-m", "fast", "stop"];
      execFileSync(cmd!, args, { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      execFileSync("psql", [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "postgres",
        "-qc",
        "create database bench",
      ]);
      const url = `postgres://postgres@127.0.0.1:${port}/bench`;
      const conn = await createDb({ url, maxConnections: 12 });
      await migrate(conn);
      return {
        kind: "postgres (throwaway)",
        url,
        conn,
        stop: async () => {
          await conn.close();
          stopServer();
        },
      };
    } catch (err) {
      stopServer();
      throw err;
    }
  }
  const conn = await createDb({ dataDir: "memory" });
  await migrate(conn);
  return { kind: "pglite (in memory)", url: undefined, conn, stop: () => conn.close() };
}

export const ms = (start: number) => performance.now() - start;
export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits });
