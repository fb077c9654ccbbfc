import type { EraseContactInput, EraseContactOutput } from "@contacts/contracts";
import { type Executor, eraseContactData, forgetIdempotentResponsesHolding } from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError } from "../../errors";
import { historyActor, inLifecycleTransaction } from "./lifecycle-transaction";
import { STALE } from "./write-retry";

/**
 * contact.erase (docs/api.md §6.15), the right to be forgotten, in one transaction: the
 * contact's personal data is removed for good (the row stays as a tombstone so its id keeps
 * meaning "erased", and its history keeps who changed which field when, the values redacted),
 * and stored idempotent responses that hold the contact's id, email, phone or LinkedIn URL
 * lose their bodies. Live, deleted and merged contacts can all be erased (a merged contact's
 * data lives on in its survivor: erase that one too). Erasing an erased contact changes
 * nothing and answers when it was erased.
 */
export function eraseContact(
  db: Executor,
  actor: Actor,
  input: EraseContactInput,
): Promise<EraseContactOutput> {
  const ws = actor.workspaceId;
  return inLifecycleTransaction(db, actor, [input.id], async (tx, states) => {
    const state = states.get(input.id);
    if (!state) throw new NotFoundError("Contact");
    if (state.erasedAt !== null) return { id: input.id, erasedAt: state.erasedAt };
    const { email, phone, linkedInUrl } = state.record;
    const needles = [input.id, email, phone, linkedInUrl].filter((v): v is string => !!v);
    const done = await eraseContactData(tx, {
      workspaceId: ws,
      contactId: input.id,
      readVersion: state.version,
      history: historyActor(actor),
    });
    if (!done) return STALE;
    await forgetIdempotentResponsesHolding(tx, ws, needles);
    return { id: input.id, erasedAt: done.erasedAt };
  });
}
