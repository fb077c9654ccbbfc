import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync } from "node:fs";

/** Starts a command in its own process group, its output appended to logFile. */
export function startProcess(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
) {
  const out = createWriteStream(opts.logFile, { flags: "a" });
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

/** Stops a process group started by startProcess, and waits for its leader to exit. */
export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = "SIGTERM",
  timeoutMs = 15_000,
) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // gone
    }
  }, timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Every descendant of a process, from /proc. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    const taskDir = `/proc/${p}/task`;
    if (!existsSync(taskDir)) return;
    for (const tid of readdirSync(taskDir)) {
      const file = `${taskDir}/${tid}/children`;
      if (!existsSync(file)) continue;
      for (const child of readFileSync(file, "utf8").trim().split(/\s+/).filter(Boolean)) {
        out.push(Number(child));
        walk(Number(child));
      }
    }
  };
  walk(pid);
  return out;
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
};

/** The server process under `pnpm start` (apps/web/server.ts, under node). */
export function findServerProcess(rootPid: number): number | undefined {
  return descendants(rootPid).find((p) => /^node .*\bserver\.ts\b/.test(cmdline(p)));
}

/** Resident set size of a process, in MiB. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
    const ok = await fetch(url)
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

const CLOCK_TICKS = 100;

/** CPU seconds used by a process and all its descendants, including children already reaped. */
export function treeCpuSeconds(rootPid: number): number {
  let ticks = 0;
  for (const pid of [rootPid, ...descendants(rootPid)]) {
    try {
      // Fields after the command name: utime stime cutime cstime are 14–17 (1-based).
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // exited in between
    }
  }
  return ticks / CLOCK_TICKS;
}
