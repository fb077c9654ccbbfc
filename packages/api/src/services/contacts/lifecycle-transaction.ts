import { type ContactLifecycleState, type Executor, lockContactStates } from "@contacts/db";
import type { Actor } from "../../actor";
import { oneWriterPerContact } from "./one-writer-per-contact";
import { type STALE, withWriteRetry } from "./write-retry";

/**
 * The frame of every lifecycle write (delete, restore, merge, erase): the contacts' turns in
 * this process, then one transaction that locks their rows in id order (one statement, which
 * also reads their state) before `work` decides and writes. Under the locks each write's
 * version guard holds; a deadlock or serialization failure runs the whole transaction again.
 * Not the one-statement path of `contact.update`: these are rare writes, and a merge must see
 * two contacts that no one changes until it commits.
 */
export function inLifecycleTransaction<T>(
  db: Executor,
  actor: Actor,
  contactIds: readonly string[],
  work: (tx: Executor, states: ReadonlyMap<string, ContactLifecycleState>) => Promise<T | typeof STALE>,
): Promise<T> {
  return oneWriterPerContact(db, actor.workspaceId, contactIds, () =>
    withWriteRetry(db, null, () =>
      db.transaction(async (tx) => {
        const states = await lockContactStates(tx, actor.workspaceId, contactIds);
        return work(tx, new Map(states.map((s) => [s.id, s])));
      }),
    ),
  );
}

/** Who writes, as history records it. */
export const historyActor = (actor: Actor) => ({
  actorType: actor.type,
  actorId: actor.id,
  actorName: actor.name,
});
