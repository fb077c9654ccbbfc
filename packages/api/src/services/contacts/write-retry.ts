import {
  type Database,
  type Executor,
  PG_DEADLOCK_DETECTED,
  PG_FOREIGN_KEY_VIOLATION,
  PG_SERIALIZATION_FAILURE,
  PG_UNIQUE_VIOLATION,
  pgErrorOf,
} from "@contacts/db";
import { ConflictError } from "../../errors";

/** What one attempt of a write answers when the stored version moved under it. */
export const STALE = Symbol("stale");

const OPTIMISTIC_ATTEMPTS = 3;
const MAX_ATTEMPTS = 8;

/**
 * Errors worth another attempt: deadlocks and serialization failures (CONTRACT §4.8), and a
 * unique or foreign key violation from a concurrent writer, which the next attempt's read
 * turns into the right CONFLICT or BAD_REQUEST.
 */
function isRetryable(err: unknown): boolean {
  const code = pgErrorOf(err)?.code;
  return (
    code === PG_SERIALIZATION_FAILURE ||
    code === PG_DEADLOCK_DETECTED ||
    code === PG_UNIQUE_VIOLATION ||
    code === PG_FOREIGN_KEY_VIOLATION
  );
}

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 5)));

/**
 * Runs a write attempt optimistically (a read and one guarded write statement, no
 * transaction round trips). When the contact keeps changing under it, later attempts take
 * the row lock first inside a transaction, so a hot contact still makes progress.
 */
export async function withWriteRetry<T>(
  db: Database,
  lock: ((tx: Executor) => Promise<void>) | null,
  attempt: (exec: Executor) => Promise<T | typeof STALE>,
): Promise<T> {
  for (let n = 0; n < MAX_ATTEMPTS; n++) {
    try {
      const result =
        n < OPTIMISTIC_ATTEMPTS || !lock
          ? await attempt(db)
          : await db.transaction(async (tx) => {
              await lock(tx);
              return attempt(tx);
            });
      if (result !== STALE) return result;
    } catch (err) {
      if (!isRetryable(err)) throw err;
    }
    if (n < MAX_ATTEMPTS - 1) await pause(n);
  }
  throw new ConflictError("The contact kept changing while this write was applied; try again");
}
