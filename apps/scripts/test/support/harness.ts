import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createContactsClient } from "@contacts/client";
import { type LiveServer, type LiveServerOptions, startLiveServer } from "@contacts/client/testing";
import { createDb, type Database, type DbConnection } from "@contacts/db";
import { afterAll, beforeAll, inject } from "vitest";

/**
 * The one test harness of the scripts: commands run as an operator runs them, in a child
 * process, either straight on a database (`useTarget`) or against the API on a live HTTP
 * server (`useApi`).
 */

export const serverUrl = process.env.TEST_DATABASE_URL || undefined;

const appDir = path.resolve(import.meta.dirname, "../..");
const repoRoot = path.resolve(appDir, "../..");

// ---------------------------------------------------------------------------------------------
// Child processes

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The last non-empty line of stdout. */
  lastLine: string;
}

export interface SpawnOptions {
  cwd?: string;
  /** Written to the child's stdin, which is otherwise closed. */
  stdin?: string;
  /** Through `pnpm scripts …` from the repo root instead of `tsx src/main.ts …`. */
  viaPnpm?: boolean;
  onStart?: (child: ChildProcess) => void;
}

/**
 * A runner that leaves a database or a socket open never exits: past the time limit the child
 * is killed and the run fails, rather than the test hanging. Generous, because a busy two-core
 * machine can take tens of seconds over a new folder.
 */
const CHILD_TIMEOUT_MS = 240_000;

/** Runs `pnpm scripts <args>` as a child (tsx src/main.ts) with `env` over this process's. */
function spawnRunner(
  args: string[],
  env: Record<string, string>,
  options: SpawnOptions = {},
): Promise<CommandResult> {
  const [command, commandArgs, cwd] = options.viaPnpm
    ? ["pnpm", ["scripts", ...args], repoRoot]
    : [path.join(appDir, "node_modules/.bin/tsx"), [path.join(appDir, "src/main.ts"), ...args], appDir];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd ?? cwd,
      env: { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: "", ...env },
      stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      // Its own process group, so a kill reaches the grandchild tsx runs the script in.
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, CHILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new Error(`\`${args.join(" ")}\` did not exit within ${CHILD_TIMEOUT_MS / 1000} s\n${stderr}`),
        );
        return;
      }
      const lines = stdout.split("\n").filter((l) => l.trim() !== "");
      resolve({ code, signal, stdout, stderr, lastLine: lines.at(-1) ?? "" });
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    options.onStart?.(child);
  });
}

/** tsx runs the script in a grandchild: kill the whole group, as a crash would. */
export function killTree(child: ChildProcess) {
  if (child.pid) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Node prints stack frames as "    at …": a clear failure has none. */
export const hasStack = (text: string) => /\n\s+at /.test(text);

/** A slug no other test (or earlier run on the shared server) has used. */
export const uniqueSlug = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

// ---------------------------------------------------------------------------------------------
// Commands straight on a database

/** Where a test file's commands work: an embedded folder, or the test server when set. */
export interface Target {
  /** Always set: even with a server, a child that ignored DATABASE_URL would land here. */
  dataDir: string;
  url?: string;
}

const tempDirs: string[] = [];

/** A new temp folder name for PGlite; copied from the migrated template when asked. */
export async function newDataDir(options: { fromTemplate?: boolean } = {}): Promise<string> {
  const base = await mkdtemp(path.join(os.tmpdir(), "scripts-test-"));
  tempDirs.push(base);
  const dataDir = path.join(base, "pglite");
  const template = inject("pgliteTemplate");
  if (options.fromTemplate && template) await cp(template, dataDir, { recursive: true });
  return dataDir;
}

const removeTempDirs = () =>
  Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));

/**
 * The test file's database, filled in before its tests: the test server when
 * TEST_DATABASE_URL is set, else a migrated folder, or with `empty` a folder not yet made.
 * `after` runs before the folders are removed.
 */
export function useTarget(options: { empty?: boolean; after?: (target: Target) => unknown } = {}): Target {
  const target: Target = { dataDir: "" };
  beforeAll(async () => {
    target.dataDir = await newDataDir({ fromTemplate: !options.empty });
    if (serverUrl && !options.empty) target.url = serverUrl;
  });
  afterAll(async () => {
    await options.after?.(target);
    await removeTempDirs();
  });
  return target;
}

/** Runs the runner on `target` as an operator would, in a child process. */
export function runCli(args: string[], target: Target, options: SpawnOptions = {}) {
  return spawnRunner(args, { PGLITE_DATA_DIR: target.dataDir, DATABASE_URL: target.url ?? "" }, options);
}

/** Opens the target in this process (only while no child runs on an embedded folder). */
export async function withDb<T>(target: Target, work: (db: Database) => Promise<T>): Promise<T> {
  const conn = await createDb(
    target.url ? { url: target.url, maxConnections: 1 } : { dataDir: target.dataDir },
  );
  try {
    return await work(conn.db);
  } finally {
    await conn.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Commands that call the API

/** A parameterized statement on either driver (this package does not depend on drizzle). */
export async function rawQuery<T>(conn: DbConnection, text: string, params: unknown[] = []): Promise<T[]> {
  const client = (conn.db as unknown as { $client: unknown }).$client;
  if (conn.driver === "pglite") {
    return (
      await (client as { query: (t: string, p: unknown[]) => Promise<{ rows: T[] }> }).query(text, params)
    ).rows;
  }
  return [...(await (client as { unsafe: (t: string, p: unknown[]) => Promise<T[]> }).unsafe(text, params))];
}

/**
 * The API on a real HTTP server in the test process (a real database: PGlite in memory, or
 * TEST_DATABASE_URL), for commands that run as children and call it as an operator's would.
 */
export async function startApi(options: LiveServerOptions = {}) {
  const server: LiveServer = await startLiveServer(options);
  const dirs: string[] = [];
  return {
    server,
    /** A fresh workspace, its key, the env a command needs, and a client acting in it. */
    async workspace(name = "Scripts test") {
      const { workspaceId, apiKey, keyName } = await server.workspaceWithKey(name);
      const env = { CONTACTS_API_URL: server.url, CONTACTS_API_KEY: apiKey };
      const client = createContactsClient({ url: server.url, apiKey });
      const count = async (table: "contacts" | "contact_external_refs" | "idempotency_keys" = "contacts") =>
        (
          await rawQuery<{ n: number }>(
            server.conn,
            `select count(*)::int as n from ${table} where workspace_id = $1`,
            [workspaceId],
          )
        )[0]?.n ?? 0;
      return { workspaceId, apiKey, keyName, env, client, count };
    },
    /** A temp folder with `files` written in it. */
    async folder(files: Record<string, string> = {}) {
      const dir = await mkdtemp(path.join(os.tmpdir(), "scripts-api-test-"));
      dirs.push(dir);
      for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
      return dir;
    },
    async close() {
      await server.close();
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}
export type TestApi = Omit<Awaited<ReturnType<typeof startApi>>, "close">;

/** The test file's API server: started before its tests, closed after them. */
export function useApi(options: LiveServerOptions = {}): TestApi {
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  beforeAll(async () => {
    api = await startApi(options);
  });
  afterAll(() => api?.close());
  const current = () => {
    if (!api) throw new Error("The API is used before its beforeAll started it");
    return api;
  };
  return {
    get server() {
      return current().server;
    },
    workspace: (name) => current().workspace(name),
    folder: (files) => current().folder(files),
  };
}

/** Runs `pnpm scripts <args>` as a child with the API's env (`workspace().env`). */
export function runCommand(args: string[], env: Record<string, string>, options: SpawnOptions = {}) {
  return spawnRunner(args, env, options);
}

export const CSV_HEADER = "externalId,firstName,lastName,email,phone,tags";
