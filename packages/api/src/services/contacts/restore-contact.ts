import type { Contact, RestoreContactInput } from "@contacts/contracts";
import { type Executor, findRefHolders, getContactRecord, markContactRestored } from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError } from "../../errors";
import { lifecycleRefusal } from "./lifecycle-refusals";
import { historyActor, inLifecycleTransaction } from "./lifecycle-transaction";
import { STALE } from "./write-retry";

/**
 * contact.restore (docs/api.md §6.10): the contact leaves the bin exactly as it went in, with
 * the external references it held. If another contact took one of them meanwhile, nothing is
 * restored: CONFLICT (RESTORE_REF_TAKEN) naming the reference and its holder, who must let go
 * of it first. Restoring a live contact changes nothing and answers it (a retried restore);
 * a merged or erased contact cannot come back (CONFLICT, CONTACT_MERGED or CONTACT_ERASED).
 */
export function restoreContact(db: Executor, actor: Actor, input: RestoreContactInput): Promise<Contact> {
  const ws = actor.workspaceId;
  return inLifecycleTransaction(db, actor, [input.id], async (tx, states) => {
    const state = states.get(input.id);
    if (!state) throw new NotFoundError("Contact");
    if (state.deletedAt === null) return state.record;
    const refusal = lifecycleRefusal(state, "restored");
    if (refusal && refusal.reason !== "CONTACT_DELETED") throw refusal;

    const refs = state.deletedRefs ?? [];
    const [taken] = refs.length ? await findRefHolders(tx, ws, refs) : [];
    if (taken) {
      throw new ConflictError(
        "RESTORE_REF_TAKEN",
        `External reference ${taken.namespace}/${taken.id} was taken by contact ${taken.contactId} while this one was deleted`,
        { contactId: taken.contactId, externalRef: { namespace: taken.namespace, id: taken.id } },
      );
    }
    const done = await markContactRestored(tx, {
      workspaceId: ws,
      contactId: input.id,
      readVersion: state.version,
      refs,
      history: historyActor(actor),
    });
    if (!done) return STALE;
    const restored = await getContactRecord(tx, ws, input.id);
    if (!restored) throw new Error("a restored contact could not be read back");
    return restored;
  });
}
