/**
 * Import throughput: 100,000 generated contacts through the real path — `pnpm scripts
 * contacts import --upsert-by bench` as a child process, over HTTP to the API (node:http +
 * handleTrpcRequest, in this process), into the database — beside loading the same rows with
 * one SQL COPY into the contacts table, in the same run, on the same database.
 *
 *   pnpm bench:import                    throwaway PostgreSQL 15 (.ci/start-postgres.sh) when installed
 *   BENCH_DB=pglite pnpm bench:import    embedded PGlite instead
 *   BENCH_ROWS=20000 pnpm bench:import   fewer rows
 *   BENCH_CONCURRENCY=8 pnpm bench:import  batches in flight (`contacts import --concurrency`)
 *   BENCH_BATCH=1000 pnpm bench:import     rows per batch (`--batch-size`)
 *   BENCH_DATABASE_URL=… BENCH_IMPORT_WORKSPACE_ID=… BENCH_IMPORT_API_KEY=… pnpm bench:import
 *                                          into an existing (full) workspace of that database
 *
 * Prints, for a first import (every row created) and a rerun of the same file (every row
 * unchanged): rows/s, the ratio to one COPY of the same rows, and the import process's peak
 * RSS (it reports `process.resourceUsage().maxRSS` when IMPORT_REPORT_PEAK_RSS=1).
 *
 * Not a test and not run by CI: the numbers depend on the machine.
 */
import { execFile } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { startLiveServer } from "@contacts/client/testing";
import { newId, pgliteOf, queryRows } from "@contacts/db";
import { createTestWorkspace } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { fmt, ms, openBenchDatabase } from "./bench-database";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const scriptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../apps/scripts");

const TAGS = ["investor", "tier 1", "tier 2", "esg", "family office", "pension"];
function row(i: number) {
  return {
    externalId: `bench-${i}`,
    firstName: `First${i}`,
    lastName: `Last${i % 9973}`,
    email: `person${i}@example.com`,
    phone: `+4670${String(1_000_000 + (i % 8_999_999)).padStart(7, "0")}`,
    tags: [TAGS[i % TAGS.length]!, TAGS[(i * 7) % TAGS.length]!].filter((t, k, a) => a.indexOf(t) === k),
  };
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

async function writeCsv(file: string) {
  async function* lines() {
    yield "externalId,firstName,lastName,email,phone,tags\n";
    for (let i = 0; i < ROWS; i++) {
      const r = row(i);
      yield `${[r.externalId, r.firstName, r.lastName, r.email, r.phone, r.tags.join(";")].map(csvCell).join(",")}\n`;
    }
  }
  await pipeline(Readable.from(lines()), createWriteStream(file));
}

/** The same rows as COPY input for the contacts table of `workspaceId`. */
async function* copyLines(workspaceId: string) {
  for (let i = 0; i < ROWS; i++) {
    const r = row(i);
    const tags = `{${r.tags.map((t) => `"${t}"`).join(",")}}`;
    yield `${[workspaceId, newId(), r.firstName, r.lastName, r.email, r.phone, tags, tags.toLowerCase()].map(csvCell).join(",")}\n`;
  }
}

const COPY_SQL =
  "copy contacts (workspace_id, id, first_name, last_name, email, phone, tags, tag_keys) from stdin with (format csv)";

const CONCURRENCY = process.env.BENCH_CONCURRENCY;
const BATCH = process.env.BENCH_BATCH;

function runImport(file: string, url: string, apiKey: string) {
  const args = ["--import", "tsx", "src/main.ts", "contacts", "import", file, "--upsert-by", "bench"];
  if (CONCURRENCY) args.push("--concurrency", CONCURRENCY);
  if (BATCH) args.push("--batch-size", BATCH);
  return new Promise<{ stdout: string; stderr: string; peakKb: number }>((resolve, reject) => {
    execFile(
      "node",
      args,
      {
        cwd: scriptsDir,
        env: {
          ...process.env,
          CONTACTS_API_URL: url,
          CONTACTS_API_KEY: apiKey,
          LOG_LEVEL: "silent",
          IMPORT_REPORT_PEAK_RSS: "1",
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const peak = /peak-rss-kb=(\d+)/.exec(stdout);
        if (err && !peak) return reject(new Error(`import failed: ${stderr || err.message}`));
        resolve({ stdout: stdout.replace(/peak-rss-kb=\d+\n?/, ""), stderr, peakKb: Number(peak?.[1] ?? 0) });
      },
    );
  });
}

const db = await openBenchDatabase();
const tmp = await mkdtemp(path.join(os.tmpdir(), "contacts-bench-import-"));
const server = await startLiveServer({ conn: db.conn });
try {
  const file = path.join(tmp, "contacts.csv");
  await writeCsv(file);
  const size = (await stat(file)).size;
  console.log(`database: ${db.kind}; ${fmt(ROWS)} rows, ${fmt(size / 1024 / 1024, 1)} MiB CSV`);

  // The real path: the import script, the typed client, HTTP, the API, the database. Into a
  // new, empty workspace, or (BENCH_IMPORT_WORKSPACE_ID and BENCH_IMPORT_API_KEY, e.g. the
  // 1,000,000-contact workspace of bench/update/scale-run.ts) into one already full.
  const into = process.env.BENCH_IMPORT_WORKSPACE_ID;
  const { apiKey, workspaceId } =
    into && process.env.BENCH_IMPORT_API_KEY
      ? { apiKey: process.env.BENCH_IMPORT_API_KEY, workspaceId: into }
      : await server.workspaceWithKey("bench import");
  const count = async (ws: string) =>
    (
      await queryRows<{ n: number }>(
        db.conn.db,
        sql`select count(*)::int as n from contacts where workspace_id = ${ws}`,
      )
    )[0]?.n ?? 0;
  const before = await count(workspaceId);
  if (before > 0) console.log(`into a workspace of ${fmt(before)} contacts`);
  let start = performance.now();
  const first = await runImport(file, server.url, apiKey);
  const importMs = ms(start);
  const imported = (await count(workspaceId)) - before;
  console.log(first.stdout.trim());

  // A rerun of the whole file: every row is already there, nothing is written.
  start = performance.now();
  const rerun = await runImport(file, server.url, apiKey);
  const rerunMs = ms(start);
  console.log(rerun.stdout.trim());

  // The floor: the same rows with one COPY into the contacts table (no validation, no
  // normalization, no external refs, no history).
  const copyWs = await createTestWorkspace(db.conn, "bench copy");
  start = performance.now();
  if (db.url) {
    const client = postgres(db.url, { max: 1, onnotice: () => {} });
    const writable = await client.unsafe(COPY_SQL).writable();
    await pipeline(Readable.from(copyLines(copyWs.id)), writable);
    await client.end();
  } else {
    const chunks: string[] = [];
    for await (const line of copyLines(copyWs.id)) chunks.push(line);
    await pgliteOf(db.conn).query(COPY_SQL.replace("from stdin", "from '/dev/blob'"), [], {
      blob: new Blob(chunks),
    });
  }
  const copyMs = ms(start);
  const copyRate = (ROWS / copyMs) * 1000;
  console.log(
    `one SQL COPY of the same rows: ${fmt(copyMs / 1000, 2)} s, ${fmt(copyRate)} rows/s; ${fmt(await count(copyWs.id))} rows`,
  );
  const line = (what: string, took: number, peakKb: number) => {
    const rate = (ROWS / took) * 1000;
    console.log(
      `${what}: ${fmt(took / 1000, 1)} s, ${fmt(rate)} rows/s = ${fmt(rate / copyRate, 3)}× COPY; ` +
        `peak RSS of the import process ${fmt(peakKb / 1024)} MiB`,
    );
  };
  line(
    `import, ${fmt(imported)} contacts created (script → client → HTTP → API → database)`,
    importMs,
    first.peakKb,
  );
  line("rerun of the same file, every row unchanged", rerunMs, rerun.peakKb);
  const rss = process.resourceUsage().maxRSS;
  console.log(
    `peak RSS of this process (HTTP server + API${db.url ? "" : " + PGlite"}): ${fmt(rss / 1024)} MiB`,
  );
} finally {
  await server.close();
  await db.stop();
  await rm(tmp, { recursive: true, force: true });
}
