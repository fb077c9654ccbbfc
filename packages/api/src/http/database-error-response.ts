import type { TRPCError } from "@trpc/server";
import { DatabaseUnavailableError, databaseDomainError } from "../database-errors";
import { errorBody } from "./error-response";

/** Seconds a client is told to wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

/**
 * tRPC `responseMeta`: a 503 for an unavailable database carries `Retry-After`, so clients
 * (and the typed client, which honours it) wait before trying again.
 */
export function databaseResponseMeta(opts: { errors: TRPCError[] }): { headers?: Record<string, string> } {
  return opts.errors.some((e) => e.cause instanceof DatabaseUnavailableError)
    ? { headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } }
    : {};
}

/**
 * The answer to a database failure met around tRPC (idempotency bookkeeping, authentication
 * before a procedure runs), in tRPC's error shape with `data.reason`; undefined for others.
 */
export function databaseErrorResponse(err: unknown, procedure: string): Response | undefined {
  const domain = databaseDomainError(err);
  if (!domain) return undefined;
  const { httpStatus, body } = errorBody(domain.code, domain.message, procedure);
  const headers: Record<string, string> =
    domain instanceof DatabaseUnavailableError ? { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } : {};
  return Response.json(
    { error: { ...body.error, data: { ...body.error.data, reason: domain.reason } } },
    { status: httpStatus, headers },
  );
}
