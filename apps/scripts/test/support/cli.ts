import { spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, type Database } from "@contacts/db";
import { inject } from "vitest";

export const serverUrl = process.env.TEST_DATABASE_URL || undefined;

const appDir = path.resolve(import.meta.dirname, "../..");
const repoRoot = path.resolve(appDir, "../..");

/** Where a test file's commands work: an embedded folder, or the test server when set. */
export interface Target {
  /** Always set: even with a server, a child that ignored DATABASE_URL would land here. */
  dataDir: string;
  url?: string;
}

const tempDirs: string[] = [];
const CHILD_TIMEOUT_MS = 90_000;

/** A new temp folder name for PGlite; copied from the migrated template when asked. */
export async function newDataDir(options: { fromTemplate?: boolean } = {}): Promise<string> {
  const base = await mkdtemp(path.join(os.tmpdir(), "scripts-test-"));
  tempDirs.push(base);
  const dataDir = path.join(base, "pglite");
  const template = inject("pgliteTemplate");
  if (options.fromTemplate && template) await cp(template, dataDir, { recursive: true });
  return dataDir;
}

export const removeTempDirs = () =>
  Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));

/** The file's database: the test server when TEST_DATABASE_URL is set, else a migrated folder. */
export async function newTarget(): Promise<Target> {
  const dataDir = await newDataDir({ fromTemplate: true });
  return serverUrl ? { dataDir, url: serverUrl } : { dataDir };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last non-empty line of stdout. */
  lastLine: string;
}

/**
 * Runs the runner as an operator would, in a child process: `tsx src/main.ts …`, or through
 * `pnpm scripts …` from the repo root when `viaPnpm`.
 */
export function runCli(args: string[], target: Target, options: { viaPnpm?: boolean } = {}) {
  const env = {
    ...process.env,
    PGLITE_DATA_DIR: target.dataDir,
    DATABASE_URL: target.url ?? "",
    LOG_LEVEL: "silent",
  };
  const [command, commandArgs, cwd] = options.viaPnpm
    ? ["pnpm", ["scripts", ...args], repoRoot]
    : [path.join(appDir, "node_modules/.bin/tsx"), ["src/main.ts", ...args], appDir];
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    // A runner that leaves the database open never exits: fail the test rather than hang.
    // Generous, because a busy two-core machine can take tens of seconds over a new folder.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, CHILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new Error(`\`${args.join(" ")}\` did not exit within ${CHILD_TIMEOUT_MS / 1000} s\n${stderr}`),
        );
        return;
      }
      const lines = stdout.split("\n").filter((l) => l.trim() !== "");
      resolve({ code, stdout, stderr, lastLine: lines.at(-1) ?? "" });
    });
  });
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

/** A slug no other test (or earlier run on the shared server) has used. */
export const uniqueSlug = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Node prints stack frames as "    at …": a clear failure has none. */
export const hasStack = (text: string) => /\n\s+at /.test(text);
