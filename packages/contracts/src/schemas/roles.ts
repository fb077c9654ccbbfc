import { z } from "zod";
import { API_KEY_SCOPES, READ_ONLY_API_KEY_SCOPES } from "./api-key-scope-names";
import type { ApiKeyScope } from "./api-key-scopes";
import { ROLES } from "./role-labels";

/**
 * What a person may do in their workspace (docs/api.md §6.19). Spelled as stored in
 * `users.role` and as on the wire: snake case, like the reasons and scopes.
 */
export const Role = z.enum(ROLES, {
  error: (issue) => `Unknown role ${JSON.stringify(issue.input)}; expected one of ${ROLES.join(", ")}`,
});
export type Role = z.infer<typeof Role>;

/** The scopes that administer the workspace rather than its data: admins only. */
const ADMIN_ONLY_SCOPES: readonly ApiKeyScope[] = ["api_keys:manage", "webhooks:manage", "users:manage"];

/**
 * The one table of what each role may do, as the scopes it grants. A person's actor carries
 * their role's scopes, so the scope check every procedure already has enforces roles too
 * (403 MISSING_SCOPE): no second mechanism to keep in step (docs/decisions.md).
 */
export const ROLE_SCOPES = {
  admin: API_KEY_SCOPES,
  member: API_KEY_SCOPES.filter((scope) => !ADMIN_ONLY_SCOPES.includes(scope)),
  read_only: READ_ONLY_API_KEY_SCOPES,
} as const satisfies Record<Role, readonly ApiKeyScope[]>;

/** The role of a stored value: a role this version does not know grants the least (fail closed). */
export const roleOfStored = (stored: string | null | undefined): Role => {
  const parsed = Role.safeParse(stored);
  return parsed.success ? parsed.data : "read_only";
};
