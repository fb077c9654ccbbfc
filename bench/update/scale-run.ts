/**
 * The scale section of `pnpm bench` (scale.ts) on its own, without building Next.js: starts
 * PostgreSQL 15, seeds the 100,000-contact workspace (seed.ts) and the scale workspaces
 * (seed-scale.ts), starts the product's handler (handler-server.ts: the same serveTrpcOverNode
 * and request log as `pnpm start`) and measures.
 *
 *   BENCH_PG_PORT=… BENCH_HANDLER_PORT=… tsx update/scale-run.ts
 *   BENCH_SCALE_KEEP=1     leave the database up afterwards (its URL and workspaces go to
 *                          scale-workspaces.json in the output folder)
 *   BENCH_SCALE_REUSE=FILE measure a database left up by BENCH_SCALE_KEEP (no seeding)
 */

import { execSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PG_BIN, startPostgres } from "./postgres";
import { startProcess, stopProcess, waitForHttp } from "./processes";
import { baseWorkspace, type MeasuredWorkspace, measureScale, scaleReport } from "./scale";
import { seedBenchDatabase } from "./seed";
import { describeScaleSeed, scaleSeedOptionsFromEnv, seedScaleWorkspaces } from "./seed-scale";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const env = process.env;
const quick = env.BENCH_QUICK === "1";
const log = (...args: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
const sh = (cmd: string) => {
  try {
    return execSync(cmd, { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return "?";
  }
};
const out =
  env.BENCH_OUT ?? path.join(os.tmpdir(), `contacts-scale-${new Date().toISOString().replace(/[:.]/g, "-")}`);
mkdirSync(out, { recursive: true });
const pgPort = Number(env.BENCH_PG_PORT ?? 15432);
const handlerPort = Number(env.BENCH_HANDLER_PORT ?? 15482);

interface Saved {
  url: string;
  pgPid: number;
  seed: string;
  workspaces: MeasuredWorkspace[];
}

async function prepare(): Promise<{ saved: Saved; stop: () => void }> {
  if (env.BENCH_SCALE_REUSE) {
    const saved = JSON.parse(readFileSync(env.BENCH_SCALE_REUSE, "utf8")) as Saved;
    return { saved, stop: () => {} };
  }
  const pg = startPostgres(path.join(os.tmpdir(), `contacts-bench-pg-${pgPort}`), pgPort);
  const stop = () => (env.BENCH_SCALE_KEEP === "1" ? undefined : pg.stop());
  const t = performance.now();
  const seeded = await seedBenchDatabase(pg.url.replace(/\/bench$/, "/postgres"), pg.url);
  const baseSeconds = (performance.now() - t) / 1000;
  log(`seeded 100,000 contacts in ${baseSeconds.toFixed(1)} s`);
  const scale = await seedScaleWorkspaces(pg.url, { ...scaleSeedOptionsFromEnv(env), log });
  const seed =
    `Seed: the 100,000-contact workspace in ${baseSeconds.toFixed(1)} s. ${describeScaleSeed(scale)} ` +
    `Database size ${sh(`du -sh ${pg.dir}/data | cut -f1`)}.`;
  log(seed);
  const base = baseWorkspace(seeded);
  const big = scale.workspaces[0]!;
  const saved: Saved = { url: pg.url, pgPid: pg.pid(), seed, workspaces: [base, big] };
  writeFileSync(path.join(out, "scale-workspaces.json"), JSON.stringify(saved, null, 1));
  return { saved, stop };
}

async function main() {
  const machine = {
    date: new Date().toISOString(),
    load: sh("cat /proc/loadavg"),
    git:
      sh(`git -C ${repoRoot} rev-parse --short HEAD`) +
      (sh(`git -C ${repoRoot} status --porcelain`) ? " (+ local changes)" : ""),
    postgres: sh(`${PG_BIN}/postgres --version`),
  };
  log("machine", machine, "output in", out);
  const { saved, stop } = await prepare();
  const serverLog = path.join(out, "handler.log");
  const handler = startProcess(
    path.join(repoRoot, "bench/node_modules/.bin/tsx"),
    [path.join(here, "handler-server.ts")],
    {
      cwd: here,
      env: {
        ...env,
        NODE_ENV: "production",
        LOG_LEVEL: "info",
        RATE_LIMITS: "off",
        DATABASE_URL: saved.url,
        PORT: String(handlerPort),
      },
      logFile: serverLog,
    },
  );
  const appUrl = `http://127.0.0.1:${handlerPort}`;
  try {
    await waitForHttp(`${appUrl}/api/trpc/contact.get`, handler);
    const result = await measureScale({
      url: saved.url,
      appUrl,
      serverLog,
      serverPid: handler.pid,
      pgPid: saved.pgPid,
      workspaces: saved.workspaces,
      out,
      cellSeconds: Number(env.BENCH_CELL_SECONDS ?? (quick ? 3 : 8)),
      warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? (quick ? 2 : 4)),
      reps: Number(env.BENCH_REPS ?? (quick ? 1 : 3)),
      connections: (env.BENCH_SCALE_CONNECTIONS ?? "8,32").split(",").map(Number),
      listRequests: Number(env.BENCH_SEARCH_REQUESTS ?? (quick ? 10 : 40)),
      log,
    });
    const text = [
      `Machine: ${JSON.stringify({ ...machine, loadAfter: sh("cat /proc/loadavg") })}`,
      ...scaleReport(result, saved.seed),
    ].join("\n");
    writeFileSync(path.join(out, "scale.md"), `${text}\n`);
    writeFileSync(path.join(out, "scale.json"), JSON.stringify(result, null, 1));
    console.log(`\n${text}\n`);
  } finally {
    await stopProcess(handler);
    stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
