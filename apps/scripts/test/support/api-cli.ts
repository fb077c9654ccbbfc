import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createContactsClient } from "@contacts/client";
import { type LiveServer, type LiveServerOptions, startLiveServer } from "@contacts/client/testing";
import type { DbConnection } from "@contacts/db";

const appDir = path.resolve(import.meta.dirname, "../..");

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
export type TestApi = Awaited<ReturnType<typeof startApi>>;

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `pnpm scripts <args>` as a child (tsx src/main.ts), with the API's env. */
export function runCommand(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; onStart?: (child: ChildProcess) => void } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(appDir, "node_modules/.bin/tsx"),
      [path.join(appDir, "src/main.ts"), ...args],
      {
        cwd: options.cwd ?? appDir,
        env: { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => killTree(child), 240_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
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

export const CSV_HEADER = "externalId,firstName,lastName,email,phone,tags";
