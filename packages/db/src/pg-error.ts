import { CONTACTS_IDENTITY_CHECK } from "./schema/contacts";

/** The SQLSTATE and constraint of a PostgreSQL error, wherever the driver or drizzle put it. */
export function pgErrorOf(err: unknown): { code: string; constraint?: string } | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      const c = e as { constraint?: string; constraint_name?: string };
      return { code, constraint: c.constraint ?? c.constraint_name };
    }
  }
  return undefined;
}

export const PG_UNIQUE_VIOLATION = "23505";
export const PG_FOREIGN_KEY_VIOLATION = "23503";
export const PG_CHECK_VIOLATION = "23514";
export const PG_SERIALIZATION_FAILURE = "40001";
export const PG_DEADLOCK_DETECTED = "40P01";
/** "current transaction is aborted": an earlier statement of the transaction failed. */
export const PG_IN_FAILED_TRANSACTION = "25P02";

/**
 * The one list of PostgreSQL errors after which the same write, run again, may succeed:
 * deadlocks and serialization failures (docs/api.md §4.8), and a unique or foreign key
 * violation caused by a concurrent writer, which the next attempt's read turns into the
 * right CONFLICT or BAD_REQUEST.
 */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  PG_SERIALIZATION_FAILURE,
  PG_DEADLOCK_DETECTED,
  PG_UNIQUE_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
]);

/** A write statement worth another attempt (outside any transaction of the caller's). */
export const isTransientPgError = (err: unknown): boolean => TRANSIENT_CODES.has(pgErrorOf(err)?.code ?? "");

/**
 * A whole transaction worth another attempt: a transient error, or any statement after one,
 * which PostgreSQL refuses because the transaction is already aborted.
 */
export const isTransientTransactionError = (err: unknown): boolean =>
  isTransientPgError(err) || pgErrorOf(err)?.code === PG_IN_FAILED_TRANSACTION;

/** A write that would leave a contact without first name, last name and email. */
export function isContactIdentityViolation(err: unknown): boolean {
  const pg = pgErrorOf(err);
  return pg?.code === PG_CHECK_VIOLATION && pg.constraint === CONTACTS_IDENTITY_CHECK;
}
