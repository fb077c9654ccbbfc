import type { DeleteCompanyInput, DeleteCompanyOutput } from "@contacts/contracts";
import {
  type ConnectedContact,
  connectedContacts,
  deleteCompanyWithHistory,
  type Executor,
  lockCompany,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError } from "../../errors";
import { companyHistoryActor } from "./company-output";

/** How many connected contacts a refusal names. */
const NAMED_CONTACTS = 5;

/**
 * COMPANY_IN_USE: the company still has contacts. The message names the first few; the
 * details give their count and the same few with ids, for a person or a program to act on.
 */
export function companyInUse(total: number, named: readonly ConnectedContact[]): ConflictError {
  const names = named.map((c) => (c.deleted ? `${c.name} (deleted)` : c.name));
  const more = total - named.length;
  const list = more > 0 ? `${names.join(", ")} and ${more} more` : names.join(", ");
  return new ConflictError(
    "COMPANY_IN_USE",
    `The company is connected to ${total} ${total === 1 ? "contact" : "contacts"} (${list}): disconnect ${
      total === 1 ? "it" : "them"
    } before deleting the company`,
    { contactCount: total, contacts: [...named] },
  );
}

/**
 * company.delete (docs/api.md §6.8): refused while any contact, live or deleted, is connected
 * (a deleted contact's connections come back with a restore). In one transaction holding the
 * company's row: a contact cannot connect to it between the check and the delete, since its
 * foreign key check waits for that lock. The deletion is the company's last history entry.
 */
export function deleteCompany(
  db: Executor,
  actor: Actor,
  input: DeleteCompanyInput,
): Promise<DeleteCompanyOutput> {
  return db.transaction(async (tx) => {
    const current = await lockCompany(tx, actor.workspaceId, input.id);
    if (!current) throw new NotFoundError("Company");
    const connected = await connectedContacts(tx, {
      workspaceId: actor.workspaceId,
      companyId: input.id,
      limit: NAMED_CONTACTS,
    });
    if (connected.total > 0) throw companyInUse(connected.total, connected.contacts);
    const deleted = await deleteCompanyWithHistory(tx, {
      workspaceId: actor.workspaceId,
      id: input.id,
      actor: companyHistoryActor(actor),
    });
    if (!deleted) throw new NotFoundError("Company");
    return { id: input.id, deletedAt: deleted.deletedAt };
  });
}
