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
  getContactRecord,
  listContactHistory,
  listContactRecords,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError } from "../../errors";

export async function getContact(db: Executor, actor: Actor, input: GetContactInput): Promise<Contact> {
  const contact = await getContactRecord(db, actor.workspaceId, input.id);
  if (!contact) throw new NotFoundError("Contact");
  return contact;
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
  const rows = await listContactRecords(db, {
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
    items: rows.map(({ at, actor, changes }) => ({
      at,
      actor: actor as HistoryPage["items"][number]["actor"],
      changes,
    })),
    nextCursor: page.items.length > input.limit ? (rows.at(-1)?.id ?? null) : null,
  };
}
