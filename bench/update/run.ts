/**
 * `pnpm bench`: contact.update at the speed of the database, in one run (bench/README.md).
 * Starts PostgreSQL 15, seeds 100,000 contacts, builds and starts the production server,
 * and loads it beside a bare node:http peer and pgbench running the product's own SQL.
 */
import { execFileSync, execSync, spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, listContactRecords } from "@contacts/db";
import postgres from "postgres";
import { captureUpdateStatements, toPgbenchScript } from "./capture-sql";
import { PATCH_KINDS, type PatchKind } from "./fixtures";
import type { LoadOptions } from "./load";
import {
  BENCH_METRICS_TOKEN,
  describeServerSide,
  type ServerSideFigures,
  scrapeMetrics,
  serverSide,
  serverSideTable,
} from "./metrics";
import { runPgbench } from "./pgbench";
import { PG_BIN, startPostgres } from "./postgres";
import {
  findServerProcess,
  rssMiB,
  startProcess,
  stopProcess,
  treeCpuSeconds,
  waitForHttp,
} from "./processes";
import { summarizeProfile, topFunctions } from "./profile-summary";
import { baseWorkspace, measureScale, scaleReport } from "./scale";
import { seedBenchDatabase } from "./seed";
import { describeScaleSeed, scaleSeedOptionsFromEnv, seedScaleWorkspaces } from "./seed-scale";
import { type CellResult, fmt, median, percentile } from "./stats";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const env = process.env;
const quick = env.BENCH_QUICK === "1";
const num = (name: string, full: number, smoke: number) => Number(env[name] ?? (quick ? smoke : full));
const config = {
  cellSeconds: num("BENCH_CELL_SECONDS", 8, 3),
  warmupSeconds: num("BENCH_WARMUP_SECONDS", 4, 2),
  reps: num("BENCH_REPS", 3, 1),
  soakSeconds: num("BENCH_SOAK_SECONDS", 300, 20),
  profileSeconds: num("BENCH_PROFILE_SECONDS", 15, 5),
  searchRequests: num("BENCH_SEARCH_REQUESTS", 60, 15),
  connections: (env.BENCH_CONNECTIONS ?? "1,8,32").split(",").map(Number),
  pgPort: Number(env.BENCH_PG_PORT ?? 15432),
  appPort: Number(env.BENCH_APP_PORT ?? 15480),
  peerPort: Number(env.BENCH_PEER_PORT ?? 15481),
  handlerPort: Number(env.BENCH_HANDLER_PORT ?? 15482),
  build: env.BENCH_SKIP_BUILD !== "1",
  distDir: env.BENCH_DIST_DIR ?? ".next-bench",
  out:
    env.BENCH_OUT ??
    path.join(os.tmpdir(), `contacts-bench-${new Date().toISOString().replace(/[:.]/g, "-")}`),
};
mkdirSync(config.out, { recursive: true });

/** project: `pnpm start`; handler: the same handler without Next.js; peer; limit: pgbench. */
const SYSTEMS = (env.BENCH_SYSTEMS ?? "project,handler,peer,limit").split(",") as System[];
type System = "project" | "handler" | "peer" | "limit";
type CellStats = CellResult & { statementsPerRequest: number; serverCpuMs: number; pgCpuMs: number };
/** The project server's own figures per cell, from /metrics (metrics.ts). */
const serverFigures: { cell: string; client: CellResult; server: ServerSideFigures }[] = [];
const SEARCH_TERMS = [
  "astrid",
  "berg",
  "lundqvist",
  "12345",
  "example.com",
  "no such name",
  "an",
  "xu",
  "qz",
];

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

const loadScript = path.join(here, "load.ts");
const tsx = path.join(repoRoot, "bench/node_modules/.bin/tsx");

function runLoad(opts: LoadOptions): Promise<CellResult & { statuses: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [loadScript, JSON.stringify(opts)], {
      cwd: here,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`load generator failed (${code}): ${out}`));
      else resolve(JSON.parse(line));
    });
  });
}

async function main() {
  const started = Date.now();
  const machine = {
    date: new Date().toISOString(),
    load: sh("cat /proc/loadavg"),
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "?",
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: sh(`${PG_BIN}/postgres --version`),
    git:
      sh(`git -C ${repoRoot} rev-parse --short HEAD`) +
      (sh(`git -C ${repoRoot} status --porcelain`) ? " (+ local changes)" : ""),
  };
  log("machine", machine);
  log("config", config);
  log("output in", config.out);

  const pg = startPostgres(path.join(os.tmpdir(), `contacts-bench-pg-${config.pgPort}`), config.pgPort);
  const cleanups: (() => Promise<void> | void)[] = [() => pg.stop()];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch((e: unknown) => console.error(e));
  };
  process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    await runAll(pg.url, pg.port, pg.pid(), machine, cleanups);
  } finally {
    await cleanup();
    log(`done in ${Math.round((Date.now() - started) / 1000)} s; results in ${config.out}`);
  }
}

async function runAll(
  url: string,
  pgPort: number,
  pgPid: number,
  machine: Record<string, unknown>,
  cleanups: (() => Promise<void> | void)[],
) {
  // 1. Seed.
  let t = performance.now();
  const seeded = await seedBenchDatabase(url.replace(/\/bench$/, "/postgres"), url);
  const seedSeconds = (performance.now() - t) / 1000;
  log(`seeded 100,000 contacts in ${fmt(seedSeconds, 1)} s`);
  // Scale in data (issue #15, scale.ts): a 1,000,000-contact workspace and others beside it.
  // On by default for the full run; BENCH_SCALE=0 skips it (and BENCH_QUICK leaves it out).
  const scaleOn = env.BENCH_SCALE === undefined ? !quick : env.BENCH_SCALE !== "0";
  const scaleSeed = scaleOn
    ? await seedScaleWorkspaces(url, { ...scaleSeedOptionsFromEnv(env), log: (m) => log(m) })
    : undefined;
  if (scaleSeed) log(describeScaleSeed(scaleSeed));
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end());

  // 2. Build and start the production server, and the peer.
  const serverEnv = {
    ...env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: config.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    PORT: String(config.appPort),
    LOG_LEVEL: env.BENCH_LOG_LEVEL ?? "info",
    BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0000",
    BETTER_AUTH_URL: `http://127.0.0.1:${config.appPort}`,
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
  };
  if (config.build) {
    t = performance.now();
    log(`building (next build into apps/web/${config.distDir})`);
    execFileSync("pnpm", ["--filter", "@contacts/web", "build"], {
      cwd: repoRoot,
      env: serverEnv,
      stdio: ["ignore", "pipe", "inherit"],
    });
    log(`built in ${fmt((performance.now() - t) / 1000, 1)} s`);
  }
  const serverLog = path.join(config.out, "server.log");
  const startProject = (extra: NodeJS.ProcessEnv = {}) =>
    startProcess("pnpm", ["start"], { cwd: repoRoot, env: { ...serverEnv, ...extra }, logFile: serverLog });
  let project = startProject();
  cleanups.push(() => stopProcess(project));
  const appUrl = `http://127.0.0.1:${config.appPort}`;
  await waitForHttp(`${appUrl}/api/health`, project);
  const peer = startProcess(tsx, [path.join(here, "peer-server.ts")], {
    cwd: here,
    env: { ...env, DATABASE_URL: url, PORT: String(config.peerPort) },
    logFile: path.join(config.out, "peer.log"),
  });
  cleanups.push(() => stopProcess(peer));
  const peerUrl = `http://127.0.0.1:${config.peerPort}`;
  await waitForHttp(peerUrl, peer);
  const handler = startProcess(tsx, [path.join(here, "handler-server.ts")], {
    cwd: here,
    env: {
      ...env,
      NODE_ENV: "production",
      LOG_LEVEL: serverEnv.LOG_LEVEL,
      DATABASE_URL: url,
      PORT: String(config.handlerPort),
    },
    logFile: path.join(config.out, "handler.log"),
  });
  cleanups.push(() => stopProcess(handler));
  const handlerUrl = `http://127.0.0.1:${config.handlerPort}`;
  await waitForHttp(`${handlerUrl}/api/trpc/contact.get`, handler);
  log("servers up: project", appUrl, "handler", handlerUrl, "peer", peerUrl);

  // 3. The statements one contact.update sends, captured from the product, as pgbench scripts.
  const captured: Record<PatchKind, { statements: number; script: string; defines: string[] }> = {} as never;
  for (const kind of PATCH_KINDS) {
    const { statements, versionBefore } = await captureUpdateStatements(url, seeded.apiKey, kind);
    const script = path.join(config.out, `pgbench-${kind}.sql`);
    const { script: text, defines } = toPgbenchScript(statements, versionBefore);
    writeFileSync(script, text);
    writeFileSync(`${script}.defines.json`, JSON.stringify(defines, null, 1));
    captured[kind] = { statements: statements.length, script, defines };
    log(`${kind}: contact.update sends ${statements.length} statements (in-process capture) -> ${script}`);
  }

  // 4. Warm up each system, then the cells: reps × patch × connections × system, interleaved.
  const cell = async (system: System, kind: PatchKind, connections: number, seconds: number) => {
    if (system === "limit")
      return runPgbench(pgPort, captured[kind].script, captured[kind].defines, connections, seconds);
    return runLoad({
      url: { project: appUrl, handler: handlerUrl, peer: peerUrl }[system],
      apiKey: seeded.apiKey,
      mode: kind,
      connections,
      seconds,
    });
  };
  const statementCalls = async () => {
    const [row] = await admin`select coalesce(sum(calls), 0)::bigint as calls from pg_stat_statements s
      join pg_database d on d.oid = s.dbid where d.datname = 'bench' and s.query not ilike '%pg_stat_statements%'`;
    return Number(row!.calls);
  };
  log("warming up");
  for (const system of SYSTEMS)
    for (const kind of PATCH_KINDS) await cell(system, kind, 8, config.warmupSeconds);

  // What PostgreSQL does with each system's statements: calls, plans (a plan per call means the
  // statement is planned every time) and mean plan/execution times.
  const statementProfiles: Record<string, string> = {};
  for (const system of SYSTEMS)
    for (const kind of PATCH_KINDS) {
      await admin`select pg_stat_statements_reset()`;
      const r = await cell(system, kind, 8, config.warmupSeconds);
      const rows = await admin`select calls, plans, round(mean_plan_time::numeric, 3) as plan_ms,
          round(mean_exec_time::numeric, 3) as exec_ms, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 70) as query
        from pg_stat_statements s join pg_database d on d.oid = s.dbid
       where d.datname = 'bench' and s.query not ilike '%pg_stat_statements%'
       order by calls desc limit 8`;
      const text = rows
        .map(
          (x) =>
            `${String(x.calls).padStart(6)} calls ${String(x.plans).padStart(6)} plans  plan ${x.plan_ms} ms  exec ${x.exec_ms} ms  ${x.query}`,
        )
        .join("\n");
      statementProfiles[`${system}/${kind}`] = `${r.count} requests\n${text}`;
      log(`statements of ${system}/${kind} (${r.count} requests):\n${text}`);
    }
  writeFileSync(
    path.join(config.out, "statements.txt"),
    Object.entries(statementProfiles)
      .map(([k, v]) => `== ${k}: ${v}`)
      .join("\n\n"),
  );

  type Key = `${System}/${PatchKind}/${number}`;
  const results = new Map<Key, CellStats[]>();
  const serverPid = (system: System) =>
    ({ project: project.pid, handler: handler.pid, peer: peer.pid, limit: undefined })[system];
  for (let rep = 1; rep <= config.reps; rep++) {
    for (const kind of PATCH_KINDS) {
      for (const connections of config.connections) {
        for (const system of SYSTEMS) {
          await admin`select pg_stat_statements_reset()`;
          const pid = serverPid(system);
          const metricsBefore = system === "project" ? await scrapeMetrics(appUrl) : undefined;
          const cpuBefore = [pid ? treeCpuSeconds(pid) : 0, treeCpuSeconds(pgPid)];
          const r = await cell(system, kind, connections, config.cellSeconds);
          const cpuAfter = [pid ? treeCpuSeconds(pid) : 0, treeCpuSeconds(pgPid)];
          const server = metricsBefore && serverSide(metricsBefore, await scrapeMetrics(appUrl));
          if (server) serverFigures.push({ cell: `rep ${rep} ${kind} c=${connections}`, client: r, server });
          const calls = await statementCalls();
          const requests = Math.max(1, r.count + r.errors);
          const statementsPerRequest = calls / requests;
          // CPU per request does not depend on how busy the machine is, unlike req/s.
          const serverCpuMs = pid ? ((cpuAfter[0]! - cpuBefore[0]!) * 1000) / requests : Number.NaN;
          const pgCpuMs = ((cpuAfter[1]! - cpuBefore[1]!) * 1000) / requests;
          const key: Key = `${system}/${kind}/${connections}`;
          results.set(key, [
            ...(results.get(key) ?? []),
            { ...r, statementsPerRequest, serverCpuMs, pgCpuMs },
          ]);
          log(
            `rep ${rep} ${kind.padEnd(6)} c=${String(connections).padStart(2)} ${system.padEnd(7)} ` +
              `${fmt(r.rps).padStart(6)} req/s  p50 ${fmt(r.p50, 1)}  p95 ${fmt(r.p95, 1)}  p99 ${fmt(r.p99, 1)} ms  ` +
              `errors ${r.errors}  statements/req ${fmt(statementsPerRequest, 2)}  ` +
              `CPU ms/req server ${fmt(serverCpuMs, 2)} postgres ${fmt(pgCpuMs, 2)}${describeServerSide(server)}`,
          );
        }
      }
    }
  }

  // 5. contact.list with a search term: server-side durations from the request log.
  const search = await measureSearch(appUrl, seeded, serverLog, url);

  // 5b. The same measurements on the 100,000- and the 1,000,000-contact workspace, side by side.
  const scale = scaleSeed
    ? await measureScale({
        url,
        appUrl,
        serverLog,
        serverPid: project.pid,
        pgPid,
        workspaces: [baseWorkspace(seeded), scaleSeed.workspaces[0]!],
        out: config.out,
        cellSeconds: config.cellSeconds,
        warmupSeconds: config.warmupSeconds,
        reps: config.reps,
        connections: [8, 32],
        listRequests: Math.max(10, Math.round(config.searchRequests / 2)),
        log,
      })
    : undefined;

  // 6. Soak: 32 connections, both patches mixed, server memory sampled every 5 s.
  const soak = await runSoak(project, appUrl, seeded.apiKey);

  // 7. CPU profile of the server under load (a fresh start with --cpu-prof).
  let profile: ReturnType<typeof summarizeProfile> = [];
  let profileTop: ReturnType<typeof topFunctions> = [];
  let profileLoad: CellResult | undefined;
  if (config.profileSeconds > 0) {
    await stopProcess(project);
    const dir = path.join(config.out, "cpu-profile");
    mkdirSync(dir, { recursive: true });
    // --cpu-prof is refused in NODE_OPTIONS: run what `pnpm start` runs under node directly.
    project = startProcess("node", ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--import", "tsx", "server.ts"], {
      cwd: path.join(repoRoot, "apps/web"),
      env: serverEnv,
      logFile: serverLog,
    });
    await waitForHttp(`${appUrl}/api/health`, project);
    await runLoad({
      url: appUrl,
      apiKey: seeded.apiKey,
      mode: "scalar",
      connections: 32,
      seconds: config.warmupSeconds,
    });
    profileLoad = await runLoad({
      url: appUrl,
      apiKey: seeded.apiKey,
      mode: "scalar",
      connections: 32,
      seconds: config.profileSeconds,
    });
    await stopProcess(project);
    await new Promise((r) => setTimeout(r, 1000));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => path.join(dir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size);
    if (files[0]) {
      profile = summarizeProfile(files[0]);
      profileTop = topFunctions(files[0]);
      log(`profile: ${files[0]}`);
    } else log("no CPU profile was written");
  }

  report({ machine, seedSeconds, captured, results, search, soak, profile, profileTop, profileLoad });
  if (scale && scaleSeed) {
    const text = scaleReport(scale, describeScaleSeed(scaleSeed)).join("\n");
    appendFileSync(path.join(config.out, "results.md"), `${text}\n`);
    console.log(`${text}\n`);
  }
}

async function measureSearch(
  appUrl: string,
  seeded: { workspaceId: string; apiKey: string },
  serverLog: string,
  url: string,
) {
  const offset = existsSync(serverLog) ? statSync(serverLog).size : 0;
  const client: Record<string, number[]> = Object.fromEntries(SEARCH_TERMS.map((term) => [term, []]));
  // Terms interleaved, as users send them: a plan cached for one term must serve the others.
  for (let i = 0; i < config.searchRequests; i++) {
    for (const term of SEARCH_TERMS) {
      const input = encodeURIComponent(JSON.stringify({ search: term }));
      const t = performance.now();
      const res = await fetch(`${appUrl}/api/trpc/contact.list?input=${input}`, {
        headers: { authorization: `Bearer ${seeded.apiKey}` },
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`contact.list ${term}: ${res.status}`);
      client[term]!.push(performance.now() - t);
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  const lines = readFileSync(serverLog).subarray(offset).toString().split("\n");
  const server = lines
    .filter((l) => l.includes('"procedure":"contact.list"'))
    .map((l) => (JSON.parse(l) as { durationMs: number }).durationMs);
  const perTerm = SEARCH_TERMS.map((term, i) => {
    const s = server.filter((_, k) => k % SEARCH_TERMS.length === i).sort((a, b) => a - b);
    const c = [...client[term]!].sort((a, b) => a - b);
    return { term, serverP50: percentile(s, 50), serverP95: percentile(s, 95), clientP95: percentile(c, 95) };
  });
  const all = [...server].sort((a, b) => a - b);
  // EXPLAIN ANALYZE of the list query the product sends, for each term.
  const explains: Record<string, string> = {};
  let captured: { query: string; params: unknown[] } | undefined;
  const conn = await createDb({
    url,
    maxConnections: 1,
    onQuery: (query: string, params?: unknown[]) => {
      captured = { query, params: params ?? [] };
    },
  });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  for (const term of SEARCH_TERMS) {
    await listContactRecords(conn.db, {
      workspaceId: seeded.workspaceId,
      search: term,
      sort: "created",
      direction: "desc",
      limit: 50,
    });
    const plan = await sql.unsafe(
      `explain (analyze, buffers) ${captured!.query}`,
      captured!.params as never[],
    );
    explains[term] = plan.map((r) => r["QUERY PLAN"]).join("\n");
  }
  writeFileSync(
    path.join(config.out, "explain-contact-list.txt"),
    Object.entries(explains)
      .map(([term, plan]) => `-- search: ${JSON.stringify(term)}\n${plan}\n`)
      .join("\n"),
  );
  await sql.end();
  await conn.close();
  const result = {
    requests: all.length,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    perTerm,
    explains,
  };
  log(
    `contact.list search: server-side p50 ${fmt(result.p50, 1)} p95 ${fmt(result.p95, 1)} p99 ${fmt(result.p99, 1)} ms`,
  );
  for (const t of perTerm)
    log(
      `  ${JSON.stringify(t.term).padEnd(16)} server p50 ${fmt(t.serverP50, 1)} p95 ${fmt(t.serverP95, 1)}  client p95 ${fmt(t.clientP95, 1)} ms`,
    );
  return result;
}

async function runSoak(project: ReturnType<typeof startProcess>, appUrl: string, apiKey: string) {
  const pid = findServerProcess(project.pid!);
  if (!pid) throw new Error("could not find the server process under pnpm start");
  const samples: { t: number; rss: number }[] = [];
  const t0 = Date.now();
  const timer = setInterval(() => samples.push({ t: (Date.now() - t0) / 1000, rss: rssMiB(pid) }), 5000);
  samples.push({ t: 0, rss: rssMiB(pid) });
  log(`soak: ${config.soakSeconds} s at 32 connections, both patches mixed`);
  const r = await runLoad({
    url: appUrl,
    apiKey,
    mode: "mixed",
    connections: 32,
    seconds: config.soakSeconds,
  });
  clearInterval(timer);
  samples.push({ t: (Date.now() - t0) / 1000, rss: rssMiB(pid) });
  // Warm-up: the first fifth of the run (at least 10 s), while the JIT and pools settle. RSS
  // saws up and down with each GC, so compare medians: the first minute after warm-up against
  // the last minute of the run.
  const warm = Math.max(10, config.soakSeconds / 5);
  const total = samples[samples.length - 1]!.t;
  const window = Math.min(60, (total - warm) / 2);
  const medianOf = (from: number, to: number) =>
    median(samples.filter((x) => x.t >= from && x.t <= to).map((x) => x.rss));
  const base = medianOf(warm, warm + window);
  const end = medianOf(total - window, total);
  const peak = Math.max(...samples.filter((x) => x.t >= warm).map((x) => x.rss));
  const result = { ...r, samples, baseMiB: base, endMiB: end, peakMiB: peak, growth: (end - base) / base };
  writeFileSync(path.join(config.out, "soak-rss.json"), JSON.stringify(samples));
  log(
    `soak: ${fmt(r.rps)} req/s, errors ${r.errors}, p99 ${fmt(r.p99, 1)} ms; RSS median first minute after warm-up ` +
      `${fmt(base)} MiB, last minute ${fmt(end)} MiB (${fmt(result.growth * 100, 1)}%), peak ${fmt(peak)} MiB`,
  );
  return result;
}

function report(r: {
  machine: Record<string, unknown>;
  seedSeconds: number;
  captured: Record<PatchKind, { statements: number; script: string; defines: string[] }>;
  results: Map<string, CellStats[]>;
  search: Awaited<ReturnType<typeof measureSearch>>;
  soak: Awaited<ReturnType<typeof runSoak>>;
  profile: { category: string; ms: number; share: number }[];
  profileTop: { fn: string; ms: number; share: number }[];
  profileLoad: CellResult | undefined;
}) {
  const lines: string[] = [];
  const med = (xs: CellResult[], k: keyof CellResult) => median(xs.map((x) => x[k] as number));
  const spread = (xs: CellResult[], k: keyof CellResult) => {
    const v = xs.map((x) => x[k] as number);
    return xs.length > 1
      ? `${fmt(Math.min(...v), k === "rps" ? 0 : 1)}–${fmt(Math.max(...v), k === "rps" ? 0 : 1)}`
      : "";
  };
  lines.push(`Machine: ${JSON.stringify(r.machine)}`);
  lines.push(`Config: ${JSON.stringify({ ...config, out: undefined })}`);
  lines.push(`Seed: 100,000 contacts in ${fmt(r.seedSeconds, 1)} s`, "");
  lines.push(
    "| patch | conns | system | req/s (median) | req/s spread | p50 ms | p95 ms | p99 ms | p99 spread | errors | statements/req | server CPU ms/req | PostgreSQL CPU ms/req (all processes) |",
  );
  lines.push("| --- | --: | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |");
  const ratios: string[] = [];
  for (const kind of PATCH_KINDS)
    for (const c of config.connections) {
      const get = (s: System) => r.results.get(`${s}/${kind}/${c}`) ?? [];
      for (const s of SYSTEMS) {
        const xs = get(s);
        if (!xs.length) continue;
        lines.push(
          `| ${kind} | ${c} | ${s} | ${fmt(med(xs, "rps"))} | ${spread(xs, "rps")} | ${fmt(med(xs, "p50"), 1)} | ` +
            `${fmt(med(xs, "p95"), 1)} | ${fmt(med(xs, "p99"), 1)} | ${spread(xs, "p99")} | ${xs.reduce((a, x) => a + x.errors, 0)} | ` +
            `${fmt(median(xs.map((x) => x.statementsPerRequest)), 2)} | ` +
            `${fmt(median(xs.map((x) => x.serverCpuMs)), 2)} | ${fmt(median(xs.map((x) => x.pgCpuMs)), 2)} |`,
        );
      }
      const p = get("project");
      const q = get("peer");
      const l = get("limit");
      const h = get("handler");
      if (p.length && q.length && l.length)
        ratios.push(
          `| ${kind} | ${c} | ${fmt(med(p, "rps") / med(q, "rps"), 2)}× | ${fmt(med(p, "rps") / med(l, "rps"), 2)}× | ` +
            `${fmt(med(p, "p99"), 1)} vs ${fmt(med(q, "p99"), 1)} | ` +
            `${h.length ? `${fmt(med(p, "rps") / med(h, "rps"), 2)}×` : "–"} |`,
        );
    }
  lines.push(
    "",
    "| patch | conns | project / peer (req/s) | project / limit (req/s) | p99 project vs peer (ms) | project / handler (req/s) |",
  );
  lines.push("| --- | --: | --: | --: | --- | --: |", ...ratios);
  lines.push(...serverSideTable(serverFigures));
  lines.push(
    "",
    `Statements per contact.update (in-process capture): scalar ${r.captured.scalar.statements}, lists ${r.captured.lists.statements}`,
  );
  const s = r.search;
  lines.push(
    "",
    `contact.list search, ${s.requests} sequential requests, server-side (request log durationMs):`,
  );
  lines.push(`p50 ${fmt(s.p50, 1)} ms, p95 ${fmt(s.p95, 1)} ms, p99 ${fmt(s.p99, 1)} ms`, "");
  lines.push("| term | server p50 ms | server p95 ms | client p95 ms |", "| --- | --: | --: | --: |");
  for (const t of s.perTerm)
    lines.push(
      `| ${JSON.stringify(t.term)} | ${fmt(t.serverP50, 1)} | ${fmt(t.serverP95, 1)} | ${fmt(t.clientP95, 1)} |`,
    );
  const k = r.soak;
  lines.push(
    "",
    `Soak: ${config.soakSeconds} s at 32 connections, both patches mixed: ${fmt(k.rps)} req/s, ${k.count} ok, ${k.errors} errors, ` +
      `statuses ${JSON.stringify(k.statuses)}, p99 ${fmt(k.p99, 1)} ms. Server RSS (median) in the first minute after warm-up ` +
      `${fmt(k.baseMiB)} MiB, in the last minute ${fmt(k.endMiB)} MiB (${fmt(k.growth * 100, 1)}%), peak ${fmt(k.peakMiB)} MiB.`,
  );
  lines.push(
    `RSS samples (s: MiB): ${k.samples.map((x) => `${Math.round(x.t)}:${Math.round(x.rss)}`).join(" ")}`,
  );
  if (r.profile.length) {
    lines.push(
      "",
      `CPU profile, scalar patch at 32 connections (${fmt(r.profileLoad?.rps ?? 0)} req/s while profiled):`,
      "",
    );
    lines.push("| where | share of samples |", "| --- | --: |");
    for (const p of r.profile) lines.push(`| ${p.category} | ${fmt(p.share * 100, 1)}% |`);
    lines.push("", "Top functions by self time:", "");
    for (const f of r.profileTop) lines.push(`- ${fmt(f.share * 100, 1)}% ${f.fn}`);
  }
  const text = lines.join("\n");
  writeFileSync(path.join(config.out, "results.md"), `${text}\n`);
  writeFileSync(
    path.join(config.out, "results.json"),
    JSON.stringify({ ...r, results: Object.fromEntries(r.results), config }, null, 1),
  );
  console.log(`\n${text}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
