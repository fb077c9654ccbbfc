import { API_KEY_REVOKED_CHANNEL, type Database, type DbConnection } from "@contacts/db";
import type { Actor } from "../../actor";

/**
 * How long a verified API key is trusted without asking the database again, at most. A key
 * revoked anywhere stops at once in this process (in-process, or by NOTIFY from another
 * process: `watchRevokedKeys`); this bound is for the case the notification cannot reach us
 * unnoticed (docs/decisions.md).
 */
export const VERIFIED_KEY_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

const CACHES = Symbol.for("@contacts/api/verified-key-cache");

interface Entry {
  actor: Actor;
  expiresAt: number;
}

interface Cache {
  entries: Map<string, Entry>;
  /**
   * False while the revocation feed of a watched database is down: a revocation sent then
   * would be missed, so nothing is cached or trusted until it is back.
   */
  trusted: boolean;
  /** Bumped by every forgetting: a lookup that began before one must not be cached. */
  generation: number;
}

/**
 * Per database (tests open many in one process), keyed by the key's SHA-256. Only hits are
 * kept. On globalThis, because the production server holds this module twice (its own copy for
 * API-key calls, and the one bundled into Next.js that revokes keys from the web app) and a
 * revocation through either must reach both.
 */
const holder = globalThis as { [CACHES]?: WeakMap<Database, Cache> };
holder[CACHES] ??= new WeakMap();
const caches = holder[CACHES];

function cacheOf(db: Database): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map(), trusted: true, generation: 0 };
    caches.set(db, cache);
  }
  return cache;
}

export function cachedActor(db: Database, keyHash: string): Actor | undefined {
  const cache = caches.get(db);
  const entry = cache?.entries.get(keyHash);
  if (!entry) return undefined;
  if (entry.expiresAt > Date.now() && cache!.trusted) return entry.actor;
  cache!.entries.delete(keyHash);
  return undefined;
}

/** Taken before a key is looked up, and handed to rememberActor with its result. */
export const cacheGeneration = (db: Database): number => cacheOf(db).generation;

/**
 * Caches a verified key, unless something was forgotten since `generation` was taken: a key
 * read as live just before its revocation's notification arrived must not be cached after it.
 */
export function rememberActor(db: Database, keyHash: string, actor: Actor, generation: number): void {
  const cache = cacheOf(db);
  if (!cache.trusted || cache.generation !== generation) return;
  // Oldest first: a full cache drops the entry inserted longest ago.
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  cache.entries.set(keyHash, { actor, expiresAt: Date.now() + VERIFIED_KEY_TTL_MS });
}

export function forgetKey(db: Database, workspaceId: string, keyId: string): void {
  const cache = cacheOf(db);
  cache.generation++;
  for (const [hash, entry] of cache.entries) {
    if (entry.actor.workspaceId === workspaceId && entry.actor.id === keyId) cache.entries.delete(hash);
  }
}

/**
 * Drops cached keys as soon as any process revokes them: revokeApiKeyRow notifies
 * API_KEY_REVOKED_CHANNEL in the revoking statement, and every server listens (PostgreSQL
 * LISTEN/NOTIFY, on a session of its own). While that session is lost, the cache is emptied
 * and bypassed, since a revocation could be missed; it fills again once it is back. The
 * embedded database has one process, where revokeApiKey forgets the key itself.
 */
export async function watchRevokedKeys(conn: DbConnection): Promise<void> {
  if (!conn.listen) return;
  const cache = cacheOf(conn.db);
  await conn.listen(API_KEY_REVOKED_CHANNEL, {
    onNotify: (payload) => {
      const [workspaceId, keyId] = payload.split(":");
      if (workspaceId && keyId) forgetKey(conn.db, workspaceId, keyId);
    },
    onListening: () => {
      cache.generation++;
      cache.entries.clear();
      cache.trusted = true;
    },
    onLost: () => {
      cache.generation++;
      cache.trusted = false;
      cache.entries.clear();
    },
  });
}
