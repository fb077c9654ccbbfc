import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = "/usr/lib/postgresql/15/bin";
const isRoot = process.getuid?.() === 0;

/** Why these tests cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  if (!existsSync(path.join(BIN, "postgres"))) return `PostgreSQL 15 is not installed (${BIN}/postgres)`;
  if (isRoot && spawnSync("id", ["postgres"]).status !== 0) return "running as root without a postgres user";
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Runs a PostgreSQL binary as the postgres user (the server refuses root). */
function asPostgres(command: string, args: string[]) {
  const [file, argv] = isRoot
    ? ["runuser", ["-u", "postgres", "--", path.join(BIN, command), ...args]]
    : [path.join(BIN, command), args];
  const run = spawnSync(file, argv, { encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
}

/**
 * A throwaway PostgreSQL 15 on 127.0.0.1 that a test owns, so it can stop and start it. Settings
 * as CI's (fsync off: a crash of the machine is not what these tests are about), but with
 * synchronous_commit on, so a commit acknowledged to the app is a commit.
 */
export class PostgresServer {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PostgresServer> {
    const dir = mkdtempSync(path.join(tmpdir(), "contacts-faults-pg-"));
    if (isRoot) spawnSync("chown", ["postgres", dir]);
    asPostgres("initdb", [
      "-D",
      path.join(dir, "data"),
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
    ]);
    const server = new PostgresServer(dir, await freePort());
    server.startAgain();
    return server;
  }

  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the stopped server and waits until it accepts connections. */
  startAgain(): void {
    asPostgres("pg_ctl", [
      "-D",
      path.join(this.dir, "data"),
      "-w",
      "-l",
      path.join(this.dir, "server.log"),
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c max_connections=100 -c fsync=off`,
      "start",
    ]);
  }

  /** A fast shutdown, as `pg_ctl restart` does: sessions are ended, the data is kept. */
  stop(): void {
    asPostgres("pg_ctl", ["-D", path.join(this.dir, "data"), "-w", "-m", "fast", "stop"]);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
