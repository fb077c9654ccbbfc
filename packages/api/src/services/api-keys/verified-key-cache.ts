import type { Database } from "@contacts/db";
import type { Actor } from "../../actor";

/**
 * How long a verified API key is trusted without asking the database again. A key revoked by
 * another process (the `api-key revoke` script, another server) stops working within this
 * time; one revoked through this process stops at once (docs/decisions.md).
 */
export const VERIFIED_KEY_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

const CACHES = Symbol.for("@contacts/api/verified-key-cache");

interface Entry {
  actor: Actor;
  expiresAt: number;
}

/**
 * Per database (tests open many in one process), keyed by the key's SHA-256. Only hits are
 * kept. On globalThis, because the production server holds this module twice (its own copy for
 * API-key calls, and the one bundled into Next.js that revokes keys from the web app) and a
 * revocation through either must reach both.
 */
const holder = globalThis as { [CACHES]?: WeakMap<Database, Map<string, Entry>> };
holder[CACHES] ??= new WeakMap();
const caches = holder[CACHES];

export function cachedActor(db: Database, keyHash: string): Actor | undefined {
  const cache = caches.get(db);
  const entry = cache?.get(keyHash);
  if (!entry) return undefined;
  if (entry.expiresAt > Date.now()) return entry.actor;
  cache!.delete(keyHash);
  return undefined;
}

export function rememberActor(db: Database, keyHash: string, actor: Actor): void {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  // Oldest first: a full cache drops the entry inserted longest ago.
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(keyHash, { actor, expiresAt: Date.now() + VERIFIED_KEY_TTL_MS });
}

export function forgetKey(db: Database, workspaceId: string, keyId: string): void {
  const cache = caches.get(db);
  if (!cache) return;
  for (const [hash, entry] of cache) {
    if (entry.actor.workspaceId === workspaceId && entry.actor.id === keyId) cache.delete(hash);
  }
}
