import type {
  BatchDeleteInput,
  BatchDeleteItemResult,
  BatchDeleteOutput,
  DeleteContactInput,
  DeleteContactOutput,
} from "@contacts/contracts";
import { type Executor, markContactDeleted } from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError } from "../../errors";
import { runEachItem } from "./batch-each";
import { historyActor, inLifecycleTransaction } from "./lifecycle-transaction";
import { versionConflict } from "./update-contact";
import { STALE } from "./write-retry";

/**
 * contact.delete (docs/api.md §6.9): the contact goes to the bin. Its external references are
 * freed (kept aside for a restore), its history stays readable, and it is absent from every
 * other read and write. A contact already deleted (or merged, or erased) is NOT_FOUND, like
 * every other write to it: a retry of a delete that succeeded says so, and the Idempotency-Key
 * header is how a client makes a retry answer the first result instead.
 */
export function deleteContact(
  db: Executor,
  actor: Actor,
  input: DeleteContactInput,
): Promise<DeleteContactOutput> {
  return inLifecycleTransaction(db, actor, [input.id], async (tx, states) => {
    const state = states.get(input.id);
    if (!state || state.deletedAt !== null) throw new NotFoundError("Contact");
    if (input.expectedVersion !== undefined && input.expectedVersion !== state.version) {
      throw versionConflict(state.version, input.expectedVersion);
    }
    const done = await markContactDeleted(tx, {
      workspaceId: actor.workspaceId,
      contactId: input.id,
      readVersion: state.version,
      history: historyActor(actor),
    });
    if (!done) return STALE;
    return { id: input.id, version: done.version, deletedAt: done.deletedAt };
  });
}

/**
 * contact.batchDelete: each id deleted on its own, as contact.delete would (up to 8 at once;
 * a repeated id is deleted once, its repeats answer NOT_FOUND, in input order).
 */
export async function batchDeleteContacts(
  db: Executor,
  actor: Actor,
  input: BatchDeleteInput,
): Promise<BatchDeleteOutput> {
  const results = await runEachItem<string, BatchDeleteItemResult>(
    input.ids,
    (id) => id,
    async (id) => ({ ok: true, deleted: await deleteContact(db, actor, { id }) }),
    (error) => ({ ok: false, error }),
    "contact.batchDelete",
  );
  return { results };
}
