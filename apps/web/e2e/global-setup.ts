import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemo, seedSampleWorkspace } from "@contacts/api";
import { createDb, migrate, newId } from "@contacts/db";
import { seedBulkContacts } from "./support/seed-bulk";

const WEB_DIR = path.resolve(import.meta.dirname, "..");
const DIST_DIR = ".next-e2e";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`pnpm start exited early:\n${log()}`);
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`pnpm start did not answer /api/health within 60 s:\n${log()}`);
}

/**
 * Builds the app, seeds a fresh PGlite folder (the demo workspace and user, and a thousand
 * more contacts), starts `pnpm start` on a free port and points the tests at it.
 */
export default async function globalSetup() {
  if (process.env.E2E_BASE_URL) return;
  const started = Date.now();
  const env = { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" };
  if (!process.env.E2E_SKIP_BUILD) {
    const build = spawnSync("npx", ["next", "build"], { cwd: WEB_DIR, env, stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }

  const dataRoot = mkdtempSync(path.join(tmpdir(), "contacts-e2e-"));
  const dataDir = path.join(dataRoot, "pglite");
  const conn = await createDb({ dataDir });
  await migrate(conn);
  // A production server refuses the demo workspace: the tests get one of their own, with the
  // demo's contacts, and its user's credentials through the environment (support/app.ts).
  const workspaceId = newId();
  const user = {
    email: "e2e@example.com",
    password: randomBytes(18).toString("base64url"),
    name: "Demo User",
  };
  const demo = await seedSampleWorkspace(conn.db, {
    workspaceId,
    slug: "e2e",
    name: "E2E IR team",
    apiKey: `ck_${workspaceId}_${randomBytes(32).toString("base64url")}`,
    user,
  });
  // The demo workspace too, as a database copied from a laptop would have it: the production
  // server must refuse its published key and user anyway (auth.spec.ts).
  await seedDemo(conn.db);
  process.env.E2E_USER_EMAIL = user.email;
  process.env.E2E_USER_PASSWORD = user.password;
  // The README screenshots show the demo contacts alone.
  if (!process.env.UPDATE_SCREENSHOTS) await seedBulkContacts(conn.db, demo.workspaceId, 1000);
  await conn.close();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  // `pnpm start`: the production server, which answers API-key calls itself (server.ts).
  const server = spawn("pnpm", ["start"], {
    cwd: WEB_DIR,
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PGLITE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      BETTER_AUTH_URL: url,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      LOG_LEVEL: "warn",
      // webhooks.spec.ts delivers to a receiver of its own on this machine.
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on("data", collect);
  server.stderr?.on("data", collect);
  await waitForHealth(url, server, () => output);
  process.env.E2E_BASE_URL = url;
  console.log(`e2e: production server on ${url}, ready in ${Math.round((Date.now() - started) / 1000)} s`);

  return async () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataRoot, { recursive: true, force: true });
    if (process.env.E2E_KEEP_LOG) console.log(output);
  };
}
