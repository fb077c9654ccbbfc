/**
 * The in-process wake-up of webhook delivery: a write in this process nudges the dispatchers
 * running in it, so an idle server sends a change within milliseconds of its commit instead
 * of at the next poll. On globalThis, since the production server holds this module twice
 * (its own copy and Next's bundle's), and a write in either must wake the one dispatcher.
 */
const KEY = Symbol.for("@contacts/api/webhook-wake-up");
const globals = globalThis as { [KEY]?: Set<() => void> };
globals[KEY] ??= new Set();
const listeners = globals[KEY];

/** Called after a committed write (every successful mutation, see trpc.ts). */
export function nudgeWebhookDelivery(): void {
  for (const wake of listeners) wake();
}

export function onWebhookNudge(wake: () => void): () => void {
  listeners.add(wake);
  return () => listeners.delete(wake);
}
