/**
 * What an API key may do (docs/api.md §6.9), as plain data: the web app's key and role pages
 * show the scopes without loading zod (the schema, ApiKeyScope, is in api-key-scopes.ts). Every procedure declares the one scope it needs;
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

type ScopeName = (typeof API_KEY_SCOPES)[number];

/** What each scope allows, in words: the web form's checkboxes and the scripts' help. */
export const API_KEY_SCOPE_DESCRIPTIONS = {
  "contacts:read": "Read contacts, their history and the change feed",
  "contacts:write": "Create and update contacts",
  "companies:read": "Read companies and their history",
  "companies:write": "Create, rename and delete companies",
  "webhooks:manage": "Create, change and delete webhooks",
  "api_keys:manage": "Create, list and revoke API keys (only with scopes the key holds itself)",
  "users:manage": "List users, invite them, change their roles and remove them",
} as const satisfies Record<ScopeName, string>;

/** The scopes of a read-only key: every `…:read`. */
export const READ_ONLY_API_KEY_SCOPES: readonly ScopeName[] = API_KEY_SCOPES.filter((s) =>
  s.endsWith(":read"),
);
