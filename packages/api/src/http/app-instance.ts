import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Database, removeAppInstance, stampAppInstance } from "@contacts/db";
import { logger } from "../logger";
import { onShutdown } from "../shutdown";

/** This process's name in `app_instances` (each copy of this module has its own). */
export const INSTANCE_ID = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
/** How often a busy instance says it is alive. */
const STAMP_EVERY_MS = 2_000;
/** An instance silent this long is taken for dead: its unfinished work may be taken over. */
export const INSTANCE_STALE_SECONDS = 10;

interface Liveness {
  busy: number;
  timer?: NodeJS.Timeout;
}
const liveness = new WeakMap<Database, Liveness>();

/**
 * Keeps this instance's `app_instances` stamp fresh while it holds claimed work (a keyed
 * request running), so a retry elsewhere waits for it; once the process dies the stamp goes
 * stale within INSTANCE_STALE_SECONDS and the work is taken over. The claim itself stamps
 * first; this only covers requests that run longer than a stamp interval. Returns the release.
 */
export function holdInstanceAlive(db: Database): () => void {
  let state = liveness.get(db);
  if (!state) {
    state = { busy: 0 };
    liveness.set(db, state);
    onShutdown(() => retireInstance(db));
  }
  state.busy += 1;
  if (!state.timer) {
    state.timer = setInterval(() => {
      stampAppInstance(db, INSTANCE_ID).catch((err) => logger.warn({ err }, "stamping app instance failed"));
    }, STAMP_EVERY_MS);
    state.timer.unref();
  }
  const held = state;
  return () => {
    held.busy -= 1;
    if (held.busy === 0 && held.timer) {
      clearInterval(held.timer);
      held.timer = undefined;
    }
  };
}

/**
 * At shutdown: forgets this instance, so whatever it claimed and could not finish is free to
 * be retried at once rather than after INSTANCE_STALE_SECONDS.
 */
export async function retireInstance(db: Database): Promise<void> {
  const state = liveness.get(db);
  if (state?.timer) clearInterval(state.timer);
  liveness.delete(db);
  await removeAppInstance(db, INSTANCE_ID);
}
