import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";

export const PG_BIN = "/usr/lib/postgresql/15/bin";

const asPostgres = (cmd: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];

function run(cmd: string, args: string[]) {
  const [c, a] = asPostgres(cmd, args);
  return execFileSync(c, a, { stdio: ["ignore", "pipe", "pipe"] }).toString();
}

export interface BenchPostgres {
  url: string;
  port: number;
  dir: string;
  /** The postmaster's process id (its backends are its children). */
  pid(): number;
  stop(): void;
}

/**
 * A throwaway PostgreSQL 15 on 127.0.0.1:port, configured like CI's (.ci/start-postgres.sh:
 * fsync and synchronous_commit off, so the figures measure CPU work rather than this
 * machine's disk), plus pg_stat_statements, which counts the statements each system sends.
 */
export function startPostgres(dir: string, port: number): BenchPostgres {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  run(`${PG_BIN}/initdb`, [
    "-D",
    `${dir}/data`,
    "-U",
    "postgres",
    "-A",
    "trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
  ]);
  const options = [
    "-c listen_addresses=127.0.0.1",
    `-p ${port}`,
    `-k ${dir}`,
    "-c max_connections=200",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c shared_buffers=512MB",
    "-c shared_preload_libraries=pg_stat_statements",
    "-c pg_stat_statements.track=top",
    "-c pg_stat_statements.track_planning=on",
  ].join(" ");
  run(`${PG_BIN}/pg_ctl`, ["-D", `${dir}/data`, "-w", "-l", `${dir}/server.log`, "-o", options, "start"]);
  const stop = () => {
    try {
      run(`${PG_BIN}/pg_ctl`, ["-D", `${dir}/data`, "-m", "fast", "-w", "stop"]);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const pid = () => Number(readFileSync(`${dir}/data/postmaster.pid`, "utf8").split("\n")[0]);
  return { url: `postgres://postgres@127.0.0.1:${port}/bench`, port, dir, pid, stop };
}
