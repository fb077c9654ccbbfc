import type { TRPCError } from "@trpc/server";
import { DatabaseUnavailableError } from "../database-errors";

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
