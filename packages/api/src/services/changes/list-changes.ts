import type { ChangedContactsPage, ChangeEntry, ChangesInput, ChangesPage } from "@contacts/contracts";
import { changeFeedHead, type Executor, readChangedContacts, readChanges } from "@contacts/db";
import type { Actor } from "../../actor";
import { ValidationError } from "../../errors";

/**
 * contact.changes: the workspace's changes after `after`, in commit order. A consumer stores
 * `cursor` and passes it back as `after`; it sees every change once, in order.
 */
export async function listChanges(db: Executor, actor: Actor, input: ChangesInput): Promise<ChangesPage> {
  const after = input.after ?? "0";
  const { items, hasMore } = await readChanges(db, {
    workspaceId: actor.workspaceId,
    after,
    limit: input.limit,
  });
  if (items.length === 0) await refuseCursorAhead(db, actor, after);
  return { items: items as ChangeEntry[], cursor: items.at(-1)?.cursor ?? after, hasMore };
}

/** contact.changedContacts: the contacts those changes left, each once, as they are now. */
export async function listChangedContacts(
  db: Executor,
  actor: Actor,
  input: ChangesInput,
): Promise<ChangedContactsPage> {
  const after = input.after ?? "0";
  const page = await readChangedContacts(db, { workspaceId: actor.workspaceId, after, limit: input.limit });
  if (page.cursor === after) await refuseCursorAhead(db, actor, after);
  return page;
}

/**
 * A cursor past the workspace's last change was not handed out here (another workspace's, or
 * a database restored from an older backup): saying so beats answering "nothing new" forever.
 * The read just before numbered what had committed, so the head it left is the one to compare.
 */
async function refuseCursorAhead(db: Executor, actor: Actor, after: string): Promise<void> {
  if (after === "0") return;
  const head = await changeFeedHead(db, actor.workspaceId);
  if (BigInt(after) > BigInt(head)) {
    throw new ValidationError(
      [{ path: ["after"], message: `Ahead of this workspace's change feed (its last change is ${head})` }],
      "INVALID_CURSOR",
    );
  }
}
