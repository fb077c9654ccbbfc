import type {
  Contact,
  ContactHistoryInput,
  ContactPage,
  FindByExternalRefInput,
  GetContactInput,
  HistoryPage,
  ListContactsInput,
} from "@contacts/contracts";
import {
  type Executor,
  findContactRecordByExternalRef,
  getContactRecordFollowingMerge,
  listContactHistory,
  listContactRecords,
  listDeletedContactRecords,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError } from "../../errors";

/**
 * contact.get: a live contact, or, asked for a contact merged into another, its survivor with
 * `redirectedFrom` naming the id asked for. Deleted and erased contacts are NOT_FOUND.
 */
export async function getContact(db: Executor, actor: Actor, input: GetContactInput): Promise<Contact> {
  const found = await getContactRecordFollowingMerge(db, actor.workspaceId, input.id);
  if (!found) throw new NotFoundError("Contact");
  return found.redirectedFrom === null
    ? found.contact
    : { ...found.contact, redirectedFrom: found.redirectedFrom };
}

export async function findContactByExternalRef(
  db: Executor,
  actor: Actor,
  ref: FindByExternalRefInput,
): Promise<Contact> {
  const contact = await findContactRecordByExternalRef(db, actor.workspaceId, ref);
  if (!contact) throw new NotFoundError("Contact");
  return contact;
}

/** One page of contacts, newest first; `nextCursor` is the last id when more may follow. */
export async function listContacts(
  db: Executor,
  actor: Actor,
  input: ListContactsInput,
): Promise<ContactPage> {
  const rows = input.deleted
    ? await listDeletedContactRecords(db, {
        workspaceId: actor.workspaceId,
        beforeId: input.cursor ?? undefined,
        limit: input.limit + 1,
      })
    : await listContactRecords(db, {
        workspaceId: actor.workspaceId,
        search: input.search,
        tags: input.tags,
        companyId: input.companyId,
        blocked: input.blocked,
        beforeId: input.cursor ?? undefined,
        limit: input.limit + 1,
      });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getContactHistory(
  db: Executor,
  actor: Actor,
  input: ContactHistoryInput,
): Promise<HistoryPage> {
  const page = await listContactHistory(db, {
    workspaceId: actor.workspaceId,
    contactId: input.id,
    beforeId: input.cursor ?? undefined,
    limit: input.limit + 1,
  });
  if (!page.exists) throw new NotFoundError("Contact");
  const rows = page.items.slice(0, input.limit);
  return {
    items: rows.map(({ type, at, actor, changes }) => ({
      type,
      at,
      actor: actor as HistoryPage["items"][number]["actor"],
      changes,
    })),
    nextCursor: page.items.length > input.limit ? (rows.at(-1)?.id ?? null) : null,
  };
}
