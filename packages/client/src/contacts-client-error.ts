import type { AppRouter } from "@contacts/api";
import type { ErrorIssue } from "@contacts/contracts";
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

/** The validation issues of a BAD_REQUEST, `{ path, message }` each; empty otherwise. */
export function issuesOf(err: unknown): ErrorIssue[] {
  return (isContactsClientError(err) ? err.data?.issues : undefined) ?? [];
}

/** True when the server was not reached or gave no tRPC answer (refused, reset, timed out, 502…). */
export function isNetworkError(err: unknown): boolean {
  return isContactsClientError(err) && !err.data;
}
