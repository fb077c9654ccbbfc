import { TRPCError } from "@trpc/server";
import { DomainError } from "./errors";

/** The database cannot serve the request now (down, restarting, too slow): 503, retry later. */
export class DatabaseUnavailableError extends DomainError {
  readonly code = "SERVICE_UNAVAILABLE";
  override readonly reason = "DATABASE_UNAVAILABLE";
  constructor(message = "The database is unavailable; retry shortly") {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

/** A write waited too long for a contact that another write (or session) holds: 409. */
export class LockTimeoutError extends DomainError {
  readonly code = "CONFLICT";
  override readonly reason = "LOCK_TIMEOUT";
  constructor() {
    super("The contact is locked by another write that is taking long; try again");
    this.name = "LockTimeoutError";
  }
}

/** SQLSTATE lock_not_available: lock_timeout expired (or NOWAIT). */
const LOCK_NOT_AVAILABLE = "55P03";

/**
 * What says "the database cannot answer now" rather than "this request is wrong": SQLSTATEs
 * (statement timeout, a session ended by idle_in_transaction_session_timeout, the server
 * shutting down or starting up, out of connections or resources) and the errors of the driver
 * and the network when there is no server to talk to.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  "57014", // query_canceled: statement_timeout
  "25P03", // idle_in_transaction_session_timeout
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, shutting down, in recovery
  "53000", // insufficient_resources
  "53100", // disk_full
  "53200", // out_of_memory
  "53300", // too_many_connections
  "58000", // system_error
  "58030", // io_error
]);
/** SQLSTATE class 08: connection exceptions. */
const CONNECTION_EXCEPTION_CLASS = "08";
const UNAVAILABLE_DRIVER_CODES = new Set([
  // postgres.js
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // Node's network errors
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Every `code` on an error and its causes (drizzle wraps the driver's error in its own). */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/** PGlite after close() (a request still running while the process shuts down). */
const isClosedPglite = (err: unknown) => err instanceof Error && /PGlite is closed/i.test(err.message);

/**
 * The domain error a database failure stands for, or undefined when it is none of these
 * (then it is our bug and answers 500). The one place that knows which PostgreSQL and driver
 * errors are a 409 or a 503: tRPC procedures, batch items and the HTTP pipeline all ask here.
 */
export function databaseDomainError(err: unknown): DatabaseUnavailableError | LockTimeoutError | undefined {
  if (err instanceof DatabaseUnavailableError || err instanceof LockTimeoutError) return err;
  const codes = errorCodes(err);
  if (codes.includes(LOCK_NOT_AVAILABLE)) return new LockTimeoutError();
  if (codes.includes("57014"))
    return new DatabaseUnavailableError("The database took too long to answer; retry in a moment");
  const unavailable = codes.some(
    (c) =>
      UNAVAILABLE_SQLSTATES.has(c) ||
      UNAVAILABLE_DRIVER_CODES.has(c) ||
      (c.length === 5 && c.startsWith(CONNECTION_EXCEPTION_CLASS)),
  );
  if (unavailable || isClosedPglite(err)) return new DatabaseUnavailableError();
  return undefined;
}

/** Whether an error means the database is not reachable or not serving (worth waiting for). */
export const isDatabaseUnavailable = (err: unknown): boolean =>
  databaseDomainError(err) instanceof DatabaseUnavailableError;

/** A database failure as the tRPC error the client sees, for errors met outside a procedure. */
export function databaseTrpcError(err: unknown): TRPCError | undefined {
  const domain = databaseDomainError(err);
  return domain && new TRPCError({ code: domain.code, message: domain.message, cause: domain });
}
