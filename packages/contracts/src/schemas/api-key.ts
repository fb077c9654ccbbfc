import { z } from "zod";
import { Id } from "../fields/id";
import { ApiKeyScope, ApiKeyScopes } from "./api-key-scopes";
import { ApiKeyName } from "./workspace";

/**
 * apiKey.create: a name to recognise the key by, and what it may do. Without `scopes` the key
 * has full access (every scope, those added later too), as every key had before scopes.
 */
export const CreateApiKeyRequest = z.strictObject({ name: ApiKeyName, scopes: ApiKeyScopes.optional() });
export type CreateApiKeyRequest = z.output<typeof CreateApiKeyRequest>;

/** The answer of apiKey.create: the only time the key itself is shown. */
export const CreatedApiKey = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string(),
  scopes: z.array(ApiKeyScope),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** A key as listed: never the key, only a prefix to recognise it. */
export const ApiKeySummary = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  /** Every scope for a key with full access. */
  scopes: z.array(ApiKeyScope),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiKeySummary = z.infer<typeof ApiKeySummary>;

export const ApiKeyList = z.object({ items: z.array(ApiKeySummary) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

export const RevokeApiKeyInput = z.strictObject({ id: Id });
export type RevokeApiKeyInput = z.output<typeof RevokeApiKeyInput>;

/** The answer of apiKey.revoke: the key that no longer works. */
export const RevokedApiKey = z.object({ id: z.string() });
export type RevokedApiKey = z.infer<typeof RevokedApiKey>;
