import { mkdirSync, rmSync } from "node:fs";

/** Thrown when a second process (or a second opener in this one) tries an owned PGlite folder. */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The embedded database in ${dataDir} is already open in another process (for example ` +
        "`pnpm dev` or `pnpm start`). PGlite allows one owner per folder: stop that process, " +
        "or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

/** What to do when a held folder lock is lost; the default stops the process. */
export type LockLostHandler = (message: string, err: Error) => void;

const stopProcess: LockLostHandler = (message) => {
  console.error(message);
  // Not a graceful shutdown: another process may own the folder now, and every further write
  // (a checkpoint at close included) could corrupt it.
  process.exit(1);
};

/** The signals someone sends a process by hand or from a supervisor. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Lock folders held by this process, and whether the signal listener is in: on globalThis,
 * since the production server holds this module twice (its own copy and Next's bundle).
 */
const STATE = Symbol.for("@contacts/db/data-dir-lock");
const globals = globalThis as { [STATE]?: { held: Set<string>; installed: boolean } };
globals[STATE] ??= { held: new Set(), installed: false };
const state = globals[STATE];
const held = state.held;

/**
 * proper-lockfile, loaded only when a folder is locked (so a PostgreSQL deployment never loads
 * it), without the signal handlers its dependency signal-exit installs. Those re-raise the
 * signal to kill the process when they count no other listener, and with the module loaded
 * twice (server.ts and Next's bundle) or a handler that is still being set up, that count is
 * wrong and the process died with requests in flight. Instead: a listener that removes the
 * lock folders and re-raises only when it is truly alone, i.e. when the signal would have
 * killed the process anyway. signal-exit's `exit` hook (locks removed on process.exit) stays.
 */
async function loadLockfile() {
  const before = new Map(STOP_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: lockfile } = await import("proper-lockfile");
  for (const signal of STOP_SIGNALS) {
    for (const l of process.listeners(signal)) if (!before.get(signal)?.has(l)) process.off(signal, l);
  }
  installReleaseOnFatalSignal();
  return lockfile;
}

function installReleaseOnFatalSignal() {
  if (state.installed) return;
  state.installed = true;
  for (const signal of STOP_SIGNALS) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return; // someone else shuts down in order
      process.off(signal, onSignal);
      for (const path of held) rmSync(path, { recursive: true, force: true });
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * Takes the folder's lock, or throws EmbeddedDatabaseInUseError. PGlite has no lock of its
 * own and two openers corrupt a folder silently. The lock is refreshed while held, so one
 * left by a killed process goes stale after a few seconds and is taken over; one that is
 * taken from us (its folder removed, or refreshed by someone else) calls `onLost`.
 */
export async function lockDataDir(
  dataDir: string,
  onLost: LockLostHandler = stopProcess,
): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true });
  const lockfile = await loadLockfile();
  const lockfilePath = `${dataDir}.lock`;
  try {
    const release = await lockfile.lock(dataDir, {
      lockfilePath,
      stale: 10_000,
      update: 2_000,
      retries: 0,
      onCompromised: (err) => {
        held.delete(lockfilePath);
        onLost(
          `Lost the lock on the embedded database ${dataDir} (${err.message}): another process may ` +
            "own the folder now; stopping so that no further write can corrupt it.",
          err,
        );
      },
    });
    held.add(lockfilePath);
    return async () => {
      held.delete(lockfilePath);
      await release();
    };
  } catch (err) {
    if ((err as { code?: string }).code === "ELOCKED") throw new EmbeddedDatabaseInUseError(dataDir);
    throw err;
  }
}
