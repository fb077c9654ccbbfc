import { logger } from "./logger";

type Hook = () => void | Promise<void>;

interface ShutdownState {
  hooks: Set<Hook>;
  /** Who handles SIGTERM/SIGINT for this process, once someone has claimed it. */
  owner: string | null;
  stopping: boolean;
}

/**
 * On globalThis: the production server holds this module twice (its own copy and the one in
 * Next's bundle), and a hook registered by either copy must run at the one shutdown.
 */
const STATE = Symbol.for("@contacts/api/shutdown");
const globals = globalThis as { [STATE]?: ShutdownState };
globals[STATE] ??= { hooks: new Set(), owner: null, stopping: false };
const state = globals[STATE];

/**
 * Registers work to do when the process stops gracefully: after the requests in flight have
 * finished (or the shutdown timeout ran out) and before the database is closed, e.g.
 * releasing claims that would otherwise make a retry wait. Returns the unregister function.
 */
export function onShutdown(hook: Hook): () => void {
  state.hooks.add(hook);
  return () => state.hooks.delete(hook);
}

/** Runs every hook once, side by side; a failing hook is logged and does not stop the others. */
export async function runShutdownHooks(): Promise<void> {
  const hooks = [...state.hooks];
  state.hooks.clear();
  await Promise.all(
    hooks.map(async (hook) => {
      try {
        await hook();
      } catch (err) {
        logger.error({ err }, "shutdown hook failed");
      }
    }),
  );
}

/** Says that `owner` handles the stop signals, so nothing else in the process does. */
export function claimShutdown(owner: string): void {
  state.owner ??= owner;
}

/** Who handles the stop signals, or null when nobody has said so yet (e.g. under `next dev`). */
export const shutdownOwner = (): string | null => state.owner;

export function markShuttingDown(): void {
  state.stopping = true;
}

/** True once a graceful shutdown has begun: health says 503 so balancers stop sending. */
export const isShuttingDown = (): boolean => state.stopping;
