import { z } from "zod";
import { ApiKeyScope } from "./api-key-scopes";
import { ErrorIssue } from "./error-issues";

/**
 * Why a call failed, as a stable word a program can branch on (`error.data.reason`), next to
 * the tRPC `code` that says how it failed. docs/api.md lists each with its code. Add a reason
 * here when a new failure deserves its own; never rename one (clients match on them).
 */
export const ERROR_REASONS = [
  // BAD_REQUEST (400) and PARSE_ERROR (400): the caller's input.
  "INVALID_INPUT",
  "INVALID_JSON",
  "UNSTORABLE_TEXT",
  "IDENTITY_REQUIRED",
  "UNKNOWN_COMPANY",
  "INVALID_CURSOR",
  "INVALID_IDEMPOTENCY_KEY",
  "MALFORMED_PATH",
  // REST (/api/v1): an If-Match that is not one strong ETag ("3") or "*".
  "INVALID_IF_MATCH",
  // A webhook URL whose host is not a public address (docs/security.md, SSRF).
  "WEBHOOK_URL_REFUSED",
  // A tRPC batch over its calls or items (docs/security.md); 400, named in the message.
  "BATCH_TOO_LARGE",
  // user.changePassword: the current password given is not the user's (400 at currentPassword).
  "WRONG_PASSWORD",
  // Accepting an invite whose token is unknown, used, revoked or past its expiry (400).
  "INVITE_INVALID",
  // UNAUTHORIZED (401) and FORBIDDEN (403).
  "UNAUTHENTICATED",
  // A person's own account (user.me, changePassword, signOutOtherSessions): API keys have none.
  "SESSION_REQUIRED",
  "MISSING_SCOPE",
  "CROSS_SITE_REQUEST",
  "NOT_ALLOWED",
  // NOT_FOUND (404).
  "CONTACT_NOT_FOUND",
  // CONTACT_NOT_FOUND for a write to a deleted contact; these say more where it matters.
  "COMPANY_NOT_FOUND",
  "API_KEY_NOT_FOUND",
  "WORKSPACE_NOT_FOUND",
  "PROCEDURE_NOT_FOUND",
  // REST (/api/v1): no route at that path.
  "ROUTE_NOT_FOUND",
  "WEBHOOK_NOT_FOUND",
  "WEBHOOK_DELIVERY_NOT_FOUND",
  "USER_NOT_FOUND",
  "INVITE_NOT_FOUND",
  // METHOD_NOT_SUPPORTED (405).
  "METHOD_NOT_SUPPORTED",
  // CONFLICT (409).
  "STALE_VERSION",
  "EXTERNAL_REF_TAKEN",
  "WRITE_CONTENTION",
  "WORKSPACE_SLUG_TAKEN",
  "USER_EMAIL_TAKEN",
  // Users (docs/api.md §6.19): a workspace keeps one admin; nobody removes themselves.
  "LAST_ADMIN",
  "CANNOT_REMOVE_SELF",
  "IDEMPOTENCY_KEY_REUSED",
  // Lifecycle (docs/api.md §6.9–6.12): a reference freed by a deletion was taken meanwhile;
  // the contact was merged into another, or erased; a merge of a contact in the bin.
  "RESTORE_REF_TAKEN",
  "CONTACT_MERGED",
  "CONTACT_ERASED",
  "CONTACT_DELETED",
  // company.delete of a company contacts are still connected to (details name them).
  "COMPANY_IN_USE",
  "IDEMPOTENCY_KEY_IN_PROGRESS",
  "IDEMPOTENT_RESPONSE_NOT_KEPT",
  // A workspace at its limit of webhook endpoints, or a redelivery to a disabled endpoint.
  "WEBHOOK_LIMIT_REACHED",
  "WEBHOOK_DISABLED",
  // The contact was held by another write (or session) past the lock timeout.
  "LOCK_TIMEOUT",
  // PAYLOAD_TOO_LARGE (413): the request body.
  "PAYLOAD_TOO_LARGE",
  // UNSUPPORTED_MEDIA_TYPE (415), REST: a body that is not JSON (or merge-patch JSON).
  "UNSUPPORTED_MEDIA_TYPE",
  // TOO_MANY_REQUESTS (429), for the rate limits of #9.
  "RATE_LIMITED",
  // 5xx: ours, never the caller's. DATABASE_UNAVAILABLE is a 503 with Retry-After.
  "DATABASE_UNAVAILABLE",
  "INTERNAL_ERROR",
] as const;
export const ErrorReason = z.enum(ERROR_REASONS);
export type ErrorReason = z.infer<typeof ErrorReason>;

/**
 * The reason of an error that was not given one where it was raised (tRPC's own errors, a
 * bare TRPCError): the most general reason of its code.
 */
export function reasonForCode(code: string): ErrorReason {
  switch (code) {
    case "BAD_REQUEST":
      return "INVALID_INPUT";
    case "PARSE_ERROR":
      return "INVALID_JSON";
    case "UNAUTHORIZED":
      return "UNAUTHENTICATED";
    case "FORBIDDEN":
      return "NOT_ALLOWED";
    case "NOT_FOUND":
      return "PROCEDURE_NOT_FOUND";
    case "METHOD_NOT_SUPPORTED":
      return "METHOD_NOT_SUPPORTED";
    case "CONFLICT":
      return "WRITE_CONTENTION";
    case "PAYLOAD_TOO_LARGE":
      return "PAYLOAD_TOO_LARGE";
    case "UNSUPPORTED_MEDIA_TYPE":
      return "UNSUPPORTED_MEDIA_TYPE";
    case "PRECONDITION_FAILED":
      return "STALE_VERSION";
    case "TOO_MANY_REQUESTS":
      return "RATE_LIMITED";
    default:
      return "INTERNAL_ERROR";
  }
}

/**
 * The reason of a failed parse: the one a rule gave its issues (`params.reason`, e.g. the
 * identity rule's), when every issue has the same; otherwise INVALID_INPUT.
 */
export function reasonOfIssues(issues: readonly z.core.$ZodIssue[]): ErrorReason {
  const reasons = new Set(
    issues.map((issue) => {
      const given = ErrorReason.safeParse((issue as { params?: { reason?: unknown } }).params?.reason);
      return given.success ? given.data : "INVALID_INPUT";
    }),
  );
  const [only] = reasons;
  return reasons.size === 1 && only ? only : "INVALID_INPUT";
}

/** Facts about a failure, for a program to act on without parsing the message. */
export const ErrorDetails = z.object({
  /** STALE_VERSION: the version the contact is at now. */
  currentVersion: z.number().int().optional(),
  /** EXTERNAL_REF_TAKEN: the contact holding the reference, and the reference. */
  contactId: z.string().optional(),
  externalRef: z.object({ namespace: z.string(), id: z.string() }).optional(),
  /** MISSING_SCOPE: the scope the API key lacks. */
  scope: ApiKeyScope.optional(),
  /** An atomic batch: the index of the item that aborted it. */
  index: z.number().int().optional(),
  /**
   * COMPANY_IN_USE: how many contacts are connected to the company, and the first few of
   * them (`deleted`: in the bin, or merged into another contact, whose connections stay).
   */
  contactCount: z.number().int().optional(),
  contacts: z.array(z.object({ id: z.string(), name: z.string(), deleted: z.boolean() })).optional(),
});
export type ErrorDetails = z.infer<typeof ErrorDetails>;

/**
 * `error.data` of every error the API answers, from a procedure or around tRPC (docs/api.md §7):
 * the error formatter (packages/api/src/trpc.ts) and the HTTP pipeline produce this shape.
 */
export const ErrorData = z.object({
  /** The tRPC error code, e.g. "CONFLICT". */
  code: z.string(),
  httpStatus: z.number().int(),
  /** The procedure, e.g. "contact.update". */
  path: z.string().optional(),
  reason: ErrorReason,
  /** Validation problems (BAD_REQUEST only), each at its path in the input. */
  issues: z.array(ErrorIssue).optional(),
  details: ErrorDetails.optional(),
});
export type ErrorData = z.infer<typeof ErrorData>;
