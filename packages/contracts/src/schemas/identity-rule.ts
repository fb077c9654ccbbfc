import type { ErrorReason } from "./error-data";
import type { ErrorIssue } from "./error-issues";

/** The fields of which a contact must always keep at least one (docs/api.md §4.1). */
export const IDENTITY_FIELDS = ["firstName", "lastName", "email"] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export const IDENTITY_REQUIRED_MESSAGE = "A contact needs at least one of firstName, lastName or email";
/** The error reason of a broken identity rule, wherever it is found. */
export const IDENTITY_REQUIRED = "IDENTITY_REQUIRED" satisfies ErrorReason;

/** Does a contact with these values keep its identity? (The database checks the same.) */
export const hasIdentity = (values: Partial<Record<IdentityField, unknown>>): boolean =>
  IDENTITY_FIELDS.some((field) => values[field] != null);

/**
 * The issues of a write that would leave no identity field: at the identity fields it
 * `cleared` (so a form shows the message where the user emptied one), else at firstName.
 */
export function identityIssues(cleared: readonly IdentityField[] = []): ErrorIssue[] {
  return (cleared.length ? cleared : (["firstName"] as const)).map((field) => ({
    path: [field],
    message: IDENTITY_REQUIRED_MESSAGE,
  }));
}
