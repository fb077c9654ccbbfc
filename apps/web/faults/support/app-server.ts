import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "./postgres-server";

const WEB_DIR = path.resolve(import.meta.dirname, "../..");
/** The production build the e2e run makes (e2e/global-setup.ts); these tests reuse it. */
export const DIST_DIR = ".next-e2e";

export function buildMissing(): string | undefined {
  return existsSync(path.join(WEB_DIR, DIST_DIR, "BUILD_ID"))
    ? undefined
    : `no production build in apps/web/${DIST_DIR} (the e2e run makes it: pnpm --filter @contacts/web test:e2e)`;
}

export interface AppServer {
  url: string;
  process: ChildProcess;
  /** Everything it printed, one entry per line. */
  lines: string[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(pattern: RegExp, ms: number): Promise<string>;
  /** Waits until /api/health answers `status` (200 by default). */
  waitForHealth(ms: number, status?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `pnpm start` as a real process: apps/web/server.ts under tsx with NODE_ENV=production on
 * the e2e build, on 127.0.0.1 and a free port. It is started as `pnpm start` runs it
 * (node --import tsx server.ts) rather than through pnpm, so the signals a test sends reach
 * the server itself and its exit code is the one a supervisor would see.
 */
export async function startApp(env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: WEB_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      BETTER_AUTH_URL: url,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      LOG_LEVEL: "info",
      DATABASE_URL: "",
      // The fault tests load one key far past a minute's writes on purpose; the limits have
      // tests of their own (packages/api/test/http-rate-limits.test.ts).
      RATE_LIMITS: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = "";
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    if (lines.length > 5_000) lines.splice(0, lines.length - 5_000);
    for (const w of waiters) w();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      for (const w of waiters) w();
      resolve({ code, signal });
    });
  });
  const log = () => lines.slice(-40).join("\n");

  const app: AppServer = {
    url,
    process: child,
    lines,
    exited,
    waitForLine(pattern, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line) done(() => resolve(line));
          else if (child.exitCode !== null || child.signalCode !== null)
            done(() => reject(new Error(`exited before printing ${pattern}:\n${log()}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${log()}`))),
          ms,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async waitForHealth(ms, status = 200) {
      const deadline = Date.now() + ms;
      let last = "no answer";
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`the server exited:\n${log()}`);
        const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(
          (err: Error) => err,
        );
        if (!(res instanceof Error)) {
          if (res.status === status) return;
          last = `${res.status} ${await res.text()}`;
        } else last = res.message;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`/api/health did not answer ${status} within ${ms} ms (last: ${last}):\n${log()}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return app;
}
