import type {
  CreateContactRequest,
  ExternalRef,
  UpdateContactRequest,
  UpsertByExternalRefInput,
  UpsertByExternalRefOutput,
} from "@contacts/contracts";
import { type Executor, findContactIdByExternalRef } from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError, withIssuesAt } from "../../errors";
import { createContact } from "./create-contact";
import { updateContact } from "./update-contact";

const ATTEMPTS = 4;

/** The data with the upsert's own reference kept in any externalRefs list it replaces. */
export function keepingRef(data: UpdateContactRequest, ref: ExternalRef): UpdateContactRequest {
  if (data.externalRefs === undefined) return data;
  const refs = data.externalRefs ?? [];
  const has = refs.some((r) => r.namespace === ref.namespace && r.id === ref.id);
  return has ? data : { ...data, externalRefs: [...refs, ref] };
}

const isOurRef = (err: unknown, ref: ExternalRef) => {
  if (!(err instanceof ConflictError) || err.reason !== "EXTERNAL_REF_TAKEN") return false;
  const taken = err.details?.externalRef;
  return taken?.namespace === ref.namespace && taken.id === ref.id;
};

/**
 * contact.upsertByExternalRef: the contact holding (namespace, id) is updated with `data`
 * (update rules: omitted stays, null clears); when none holds it, one is created with
 * `data` and the reference. Three round trips either way: an index lookup of the reference,
 * then the update's read and write or the create's read and insert. A create that loses a race for the same
 * reference turns into an update of the winner, so concurrent upserts never duplicate. A
 * create without first name, last name or email is IDENTITY_REQUIRED at `["data", "firstName"]`.
 */
export async function upsertContactByExternalRef(
  db: Executor,
  actor: Actor,
  input: UpsertByExternalRefInput,
): Promise<UpsertByExternalRefOutput> {
  const ref: ExternalRef = { namespace: input.namespace, id: input.id };
  const data = keepingRef(input.data, ref);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const existing = await findContactIdByExternalRef(db, actor.workspaceId, ref);
    if (existing) {
      try {
        const contact = await updateContact(db, actor, { id: existing.id, data });
        return { outcome: contact.version === existing.version ? "unchanged" : "updated", contact };
      } catch (err) {
        if (err instanceof NotFoundError) continue; // deleted meanwhile: look again
        throw err;
      }
    }
    const create: CreateContactRequest = {
      ...data,
      externalRefs: data.externalRefs ?? [ref],
    };
    try {
      const contact = await withIssuesAt(["data"], () => createContact(db, actor, create));
      return { outcome: "created", contact };
    } catch (err) {
      if (isOurRef(err, ref)) continue; // another upsert created it first: update that one
      throw err;
    }
  }
  throw new ConflictError("WRITE_CONTENTION", "The contact holding this reference kept changing; try again");
}
