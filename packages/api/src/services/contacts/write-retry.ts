import { type Executor, isTransientPgError } from "@contacts/db";
import { ConflictError } from "../../errors";

/** What one attempt of a write answers when the stored version moved under it. */
export const STALE = Symbol("stale");

const OPTIMISTIC_ATTEMPTS = 3;
const MAX_ATTEMPTS = 8;

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 5)));

/**
 * Runs a write attempt optimistically (a read and one guarded write statement, no
 * transaction round trips). When the contact keeps changing under it, later attempts take
 * the row lock first inside a transaction (a savepoint when `db` is one already), so a hot
 * contact still makes progress. Transient PostgreSQL errors are tried again.
 */
export async function withWriteRetry<T>(
  db: Executor,
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
      if (!isTransientPgError(err)) throw err;
    }
    if (n < MAX_ATTEMPTS - 1) await pause(n);
  }
  throw new ConflictError(
    "WRITE_CONTENTION",
    "The contact kept changing while this write was applied; try again",
  );
}
