import { AsyncLocalStorage } from "node:async_hooks";
import { type Executor, sessionTimeoutsOf } from "@contacts/db";
import { databaseDomainError, LockTimeoutError } from "../../database-errors";

/**
 * One write per contact at a time in this process; the others wait here, in memory, in
 * arrival order, instead of each holding a pooled connection while PostgreSQL makes it wait
 * on the row. Without this, a row held by another session (a long transaction, an operator's
 * `SELECT … FOR UPDATE`) let a dozen writes of that one contact take every connection of the
 * pool, and every other request of every workspace (health checks included) queued behind
 * them. Now such a contact holds one connection, for at most the lock timeout.
 *
 * When the write ahead gives up on the row (lock timeout), everyone in line gives up with it
 * (LockTimeoutError, a 409 with reason LOCK_TIMEOUT): a held contact answers within about one
 * lock timeout. A line that merely moves slowly (a burst of writes of one contact) is waited
 * out, for at most the statement timeout, since waiting here costs no connection. Writes that
 * already hold a contact's turn (an atomic batch, which takes all of its contacts' turns in
 * id order before its transaction) pass straight through for it.
 */
export async function oneWriterPerContact<T>(
  db: Executor,
  workspaceId: string,
  contactIds: readonly string[],
  write: () => Promise<T>,
): Promise<T> {
  const mine = heldTurns.getStore();
  const keys = [...new Set(contactIds.map((id) => `${workspaceId}/${id}`))]
    .filter((k) => !mine?.has(k))
    .sort();
  if (keys.length === 0) return write();
  const limits = sessionTimeoutsOf(db);
  const waitMs = limits.statementTimeoutMs || limits.lockTimeoutMs;
  const deadline = waitMs > 0 ? Date.now() + waitMs : Number.POSITIVE_INFINITY;
  const taken: string[] = [];
  let rowHeld = false;
  try {
    // In one order for every writer, so two writers of overlapping sets cannot wait on each other.
    for (const key of keys) {
      await takeTurn(key, deadline);
      taken.push(key);
    }
    return await heldTurns.run(new Set([...(mine ?? []), ...keys]), write);
  } catch (err) {
    rowHeld = databaseDomainError(err) instanceof LockTimeoutError;
    throw err;
  } finally {
    for (const key of taken.reverse()) {
      // The row has just been held for a whole lock timeout: those in line would only wait as
      // long again, so they get the same answer now.
      if (rowHeld) turnAwayWaiters(key);
      passTurn(key);
    }
  }
}

const heldTurns = new AsyncLocalStorage<ReadonlySet<string>>();

interface Waiter {
  resume: () => void;
  turnAway: () => void;
}

interface Line {
  /** Waiters in arrival order; each is resumed when the turn is passed to it. */
  waiting: Waiter[];
}

/**
 * The contacts being written and who waits for each. On globalThis, since the production
 * server holds this module twice (its own copy for API-key calls, Next's bundle for the
 * browser's) and both must take turns in one line.
 */
const LINES = Symbol.for("@contacts/api/one-writer-per-contact");
const globals = globalThis as { [LINES]?: Map<string, Line> };
globals[LINES] ??= new Map();
const lines = globals[LINES];

function takeTurn(key: string, deadline: number): Promise<void> {
  const line = lines.get(key);
  if (!line) {
    lines.set(key, { waiting: [] });
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    const waiter: Waiter = {
      resume: () => {
        clearTimeout(timer);
        if (Date.now() < deadline) return resolve();
        // Its time ran out just as the turn came: pass it on rather than start a new wait.
        passTurn(key);
        reject(new LockTimeoutError());
      },
      turnAway: () => {
        clearTimeout(timer);
        reject(new LockTimeoutError());
      },
    };
    const timer = setTimeout(
      () => {
        const at = line.waiting.indexOf(waiter);
        if (at >= 0) line.waiting.splice(at, 1);
        reject(new LockTimeoutError());
      },
      Math.min(Math.max(0, deadline - Date.now()), 2_147_483_647),
    );
    line.waiting.push(waiter);
  });
}

function turnAwayWaiters(key: string): void {
  const line = lines.get(key);
  for (const waiter of line?.waiting.splice(0) ?? []) waiter.turnAway();
}

function passTurn(key: string): void {
  const line = lines.get(key);
  if (!line) return;
  const next = line.waiting.shift();
  if (next) next.resume();
  else lines.delete(key);
}
