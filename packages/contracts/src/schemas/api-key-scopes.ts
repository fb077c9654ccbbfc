import { z } from "zod";

/**
 * What an API key may do (docs/api.md §6.9). Every procedure declares the one scope it needs;
 * `contacts:write` does not imply `contacts:read`: a write-only key (a one-way sync pushing
 * into the CRM) sees only what its own writes answer.
 */
export const API_KEY_SCOPES = [
  "contacts:read",
  "contacts:write",
  "companies:read",
  "companies:write",
  "webhooks:manage",
  "api_keys:manage",
  "users:manage",
] as const;

export const ApiKeyScope = z.enum(API_KEY_SCOPES, {
  error: (issue) =>
    `Unknown scope ${JSON.stringify(issue.input)}; expected one of ${API_KEY_SCOPES.join(", ")}`,
});
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/** What each scope allows, in words: the web form's checkboxes and the scripts' help. */
export const API_KEY_SCOPE_DESCRIPTIONS = {
  "contacts:read": "Read contacts, their history and the change feed",
  "contacts:write": "Create and update contacts",
  "companies:read": "Read companies and their history",
  "companies:write": "Create, rename and delete companies",
  "webhooks:manage": "Create, change and delete webhooks",
  "api_keys:manage": "Create, list and revoke API keys (only with scopes the key holds itself)",
  "users:manage": "List users, invite them, change their roles and remove them",
} as const satisfies Record<ApiKeyScope, string>;

/** The scopes of a read-only key: every `…:read`. */
export const READ_ONLY_API_KEY_SCOPES: readonly ApiKeyScope[] = API_KEY_SCOPES.filter((s) =>
  s.endsWith(":read"),
);

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
