import { createHash, randomBytes } from "node:crypto";
import {
  API_KEY_SCOPES,
  type ApiKeyScope,
  type CreateApiKeyRequest,
  grantsScope,
  listedScopes,
  scopesOfStored,
} from "@contacts/contracts";
import {
  type Database,
  findLiveApiKey,
  insertApiKey,
  listApiKeyRows,
  newId,
  revokeApiKeyRow,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { isRefusedDemoWorkspace } from "../../demo-workspace";
import { MissingScopeError, NotFoundError } from "../../errors";
import { cachedActor, cacheGeneration, forgetKey, rememberActor } from "./verified-key-cache";

/** `ck_<workspace id>_<43 chars of base64url>`: 256 random bits, and where to look it up. */
const KEY_PATTERN = /^ck_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");
/** Enough of a key to recognise it in a list (`ck_…abcd`), far too little to use it. */
const displayPrefix = (key: string) => `${key.slice(0, 3)}…${key.slice(-4)}`;

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The key itself: shown once, never stored. */
  key: string;
  /** What it may do; every scope for full access. */
  scopes: ApiKeyScope[];
}

/**
 * Makes a key acting in `workspaceId`. `scopes` null (the default) is full access: every
 * scope, those added later too, as keys had before scopes. Whoever calls this has decided the
 * maker may grant them (createApiKeyAs over the API; an operator's script may grant anything).
 */
export async function createApiKey(
  db: Database,
  workspaceId: string,
  name: string,
  scopes: readonly ApiKeyScope[] | null = null,
): Promise<CreatedApiKey> {
  const key = `ck_${workspaceId}_${randomBytes(32).toString("base64url")}`;
  const row = await insertApiKey(db, {
    workspaceId,
    id: newId(),
    name,
    keyHash: hashKey(key),
    keyPrefix: displayPrefix(key),
    scopes: scopes === null ? null : [...scopes],
  });
  return { id: row.id, name: row.name, key, scopes: listedScopes(scopesOfStored(row.scopes)) };
}

/**
 * apiKey.create: a key with at most the maker's scopes, so a key allowed to manage keys
 * cannot mint itself more power than it has. Without `scopes` the new key has full access,
 * which only a maker with full access may give.
 */
export function createApiKeyAs(
  db: Database,
  actor: Actor,
  input: CreateApiKeyRequest,
): Promise<CreatedApiKey> {
  const missing = (input.scopes ?? API_KEY_SCOPES).find((scope) => !grantsScope(actor.scopes, scope));
  if (missing) throw new MissingScopeError(missing, actor.role);
  return createApiKey(db, actor.workspaceId, input.name, input.scopes ?? null);
}

/** Stores a key chosen by the caller (the demo key of `pnpm dev`), hashed like any other. */
export async function importApiKey(db: Database, workspaceId: string, name: string, key: string) {
  if (!KEY_PATTERN.test(key) || !key.startsWith(`ck_${workspaceId}_`)) throw new Error("Malformed API key");
  await insertApiKey(db, {
    workspaceId,
    id: newId(),
    name,
    keyHash: hashKey(key),
    keyPrefix: displayPrefix(key),
    scopes: null,
  });
}

/** The actor of a presented key, or null when it is malformed, unknown or revoked. */
export async function authenticateApiKey(db: Database, key: string): Promise<Actor | null> {
  const match = KEY_PATTERN.exec(key);
  if (!match?.[1] || isRefusedDemoWorkspace(match[1])) return null;
  const hash = hashKey(key);
  const cached = cachedActor(db, hash);
  if (cached) return cached;
  const generation = cacheGeneration(db);
  const row = await findLiveApiKey(db, match[1], hash);
  if (!row) return null;
  const actor: Actor = {
    workspaceId: row.workspaceId,
    type: "api_key",
    id: row.id,
    name: row.name,
    // Cached with the actor: a key's scopes never change, only its revocation.
    scopes: scopesOfStored(row.scopes),
  };
  rememberActor(db, hash, actor, generation);
  return actor;
}

/** A workspace's keys, newest first, each with the scopes it holds (every scope for full access). */
export async function listApiKeys(db: Database, workspaceId: string) {
  const rows = await listApiKeyRows(db, workspaceId);
  return rows.map((row) => ({ ...row, scopes: listedScopes(scopesOfStored(row.scopes)) }));
}

export async function revokeApiKey(db: Database, workspaceId: string, id: string): Promise<void> {
  forgetKey(db, workspaceId, id);
  // Its statement also notifies every other server process (watchRevokedKeys).
  if (!(await revokeApiKeyRow(db, workspaceId, id))) throw new NotFoundError("API key");
}

/** Exported for tests: keys are only ever stored as this hash. */
export const apiKeyHash = hashKey;
