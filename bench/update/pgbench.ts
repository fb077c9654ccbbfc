import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PG_BIN } from "./postgres";
import { type CellResult, summarize } from "./stats";

const run = promisify(execFile);

/**
 * pgbench with the captured script: prepared statements (as postgres.js sends them), one
 * connection per client, per-transaction latency log for the same percentiles as the HTTP runs.
 */
export async function runPgbench(
  port: number,
  script: string,
  defines: string[],
  clients: number,
  seconds: number,
): Promise<CellResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "contacts-pgbench-"));
  try {
    const args = [
      ...["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-n", "-M", "prepared"],
      ...["-c", String(clients), "-j", String(Math.min(clients, 2)), "-T", String(seconds)],
      ...defines.flatMap((d) => ["-D", d]),
      ...["-f", script, "-l", "--log-prefix", path.join(dir, "tx"), "bench"],
    ];
    const { stdout } = await run(`${PG_BIN}/pgbench`, args, { maxBuffer: 16 * 1024 * 1024 });
    const latencies: number[] = [];
    let failed = 0;
    for (const file of readdirSync(dir)) {
      for (const line of readFileSync(path.join(dir, file), "utf8").split("\n")) {
        const fields = line.split(" ");
        if (fields.length < 3) continue;
        const us = Number(fields[2]);
        if (Number.isFinite(us)) latencies.push(us / 1000);
        else failed++;
      }
    }
    const failedLine = /number of failed transactions: (\d+)/.exec(stdout);
    return summarize(latencies, seconds, Math.max(failed, Number(failedLine?.[1] ?? 0)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
