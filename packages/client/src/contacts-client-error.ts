import type { AppRouter } from "@contacts/api";
import type { ErrorData, ErrorIssue, ErrorReason } from "@contacts/contracts";
import { TRPCClientError } from "@trpc/client";

/** An error answered by the contacts API (or a failure to reach it), typed by the router. */
export type ContactsClientError = TRPCClientError<AppRouter>;

export function isContactsClientError(err: unknown): err is ContactsClientError {
  return err instanceof TRPCClientError;
}

/** The tRPC code of an API error (`"CONFLICT"`, …), or undefined for a network failure. */
export function errorCodeOf(err: unknown): string | undefined {
  return isContactsClientError(err) ? err.data?.code : undefined;
}

/**
 * Why the API refused a call (`"STALE_VERSION"`, `"EXTERNAL_REF_TAKEN"`, …: docs/api.md), or
 * undefined for a network failure. Branch on this rather than on the message.
 */
export function reasonOf(err: unknown): ErrorReason | undefined {
  // The router's error data is the contract's ErrorData: this fails to compile if they part.
  const data: ErrorData | null | undefined = isContactsClientError(err) ? err.data : undefined;
  return data?.reason;
}

/** The validation issues of a BAD_REQUEST, `{ path, message }` each; empty otherwise. */
export function issuesOf(err: unknown): ErrorIssue[] {
  return (isContactsClientError(err) ? err.data?.issues : undefined) ?? [];
}

/** True when the server was not reached or gave no tRPC answer (refused, reset, timed out, 502…). */
export function isNetworkError(err: unknown): boolean {
  return isContactsClientError(err) && !err.data;
}
