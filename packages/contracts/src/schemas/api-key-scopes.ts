import { z } from "zod";
import { API_KEY_SCOPES } from "./api-key-scope-names";

export const ApiKeyScope = z.enum(API_KEY_SCOPES, {
  error: (issue) =>
    `Unknown scope ${JSON.stringify(issue.input)}; expected one of ${API_KEY_SCOPES.join(", ")}`,
});
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/**
 * A key's scopes as chosen: at least one; duplicates collapse and the order is the canonical
 * one of API_KEY_SCOPES, so equal choices store and list equally.
 */
export const ApiKeyScopes = z
  .array(ApiKeyScope)
  .min(1, "Choose at least one scope")
  .max(50, "At most 50 scopes")
  .transform((chosen): ApiKeyScope[] => API_KEY_SCOPES.filter((scope) => chosen.includes(scope)));

/** Who may do what: a key's or a role's scopes, or "all" (operator scripts, keys made before scopes). */
export type ScopeGrant = readonly ApiKeyScope[] | "all";

/** Whether `grant` includes `scope`. */
export const grantsScope = (grant: ScopeGrant, scope: ApiKeyScope): boolean =>
  grant === "all" || grant.includes(scope);

/** The scopes a key stored with `stored` holds: null (made before scopes, or with none chosen) is all. */
export function scopesOfStored(stored: readonly string[] | null): ScopeGrant {
  if (stored === null) return "all";
  // A scope this version does not know (written by a newer one) grants nothing here.
  return API_KEY_SCOPES.filter((scope) => stored.includes(scope));
}

/** The scopes to list for a grant: "all" lists every scope. */
export const listedScopes = (grant: ScopeGrant): ApiKeyScope[] =>
  grant === "all" ? [...API_KEY_SCOPES] : [...grant];
