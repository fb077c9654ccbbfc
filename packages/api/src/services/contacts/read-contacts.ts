import {
  CONTACT_COUNT_CAP,
  type Contact,
  type ContactCount,
  type ContactHistoryInput,
  type ContactPage,
  type CountContactsInput,
  DEFAULT_SORT_DIRECTION,
  type FindByExternalRefInput,
  type GetContactInput,
  type HistoryPage,
  type ListContactsInput,
} from "@contacts/contracts";
import {
  countContactRecords,
  type Executor,
  findContactRecordByExternalRef,
  getContactRecordFollowingMerge,
  listContactHistory,
  listContactRecords,
  listDeletedContactRecords,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError } from "../../errors";
import { decodeListCursor, encodeListCursor, NEWEST_FIRST } from "./list-cursor";

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

/** One page of contacts in the asked order; `nextCursor` when more may follow (docs/api.md §6.3). */
export async function listContacts(
  db: Executor,
  actor: Actor,
  input: ListContactsInput,
): Promise<ContactPage> {
  const limit = input.limit + 1;
  if (input.deleted) {
    const rows = await listDeletedContactRecords(db, {
      workspaceId: actor.workspaceId,
      beforeId: input.cursor ? decodeListCursor(input.cursor, NEWEST_FIRST).id : undefined,
      limit,
    });
    const items = rows.slice(0, input.limit);
    return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
  }
  const order = { sort: input.sort, direction: input.direction ?? DEFAULT_SORT_DIRECTION[input.sort] };
  const rows = await listContactRecords(db, {
    workspaceId: actor.workspaceId,
    search: input.search,
    tags: input.tags,
    companyId: input.companyId,
    blocked: input.blocked,
    ...order,
    after: input.cursor ? decodeListCursor(input.cursor, order) : undefined,
    limit,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.contact),
    nextCursor:
      rows.length > input.limit && last ? encodeListCursor(order, last.sortKey, last.contact.id) : null,
  };
}

/** contact.count: the contacts contact.list would page through, up to CONTACT_COUNT_CAP. */
export async function countContacts(
  db: Executor,
  actor: Actor,
  input: CountContactsInput,
): Promise<ContactCount> {
  const n = await countContactRecords(db, { workspaceId: actor.workspaceId, ...input }, CONTACT_COUNT_CAP);
  return n > CONTACT_COUNT_CAP ? { total: CONTACT_COUNT_CAP, capped: true } : { total: n, capped: false };
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
