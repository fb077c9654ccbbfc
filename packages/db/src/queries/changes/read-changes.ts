import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactRecord, contactJson } from "../contacts/contact-record";
import { changeEntryJson } from "./change-entry-json";
import { sequenceChanges } from "./sequence-changes";

/** One entry of the change feed, as the contract's ChangeEntry. */
export interface ChangeRecord {
  id: string;
  cursor: string;
  type: string;
  contactId: string;
  version: number;
  at: string;
  actor: { type: string; id: string; name: string };
  changes: Record<string, { from: unknown; to: unknown }>;
}

export interface ChangesQuery {
  workspaceId: string;
  /** The feed position after which to read ("0" from the start). */
  after: string;
  limit: number;
}

/** Up to `limit` changes after `after`, in feed order, and whether more are waiting. */
export async function readChanges(
  db: Executor,
  q: ChangesQuery,
): Promise<{ items: ChangeRecord[]; hasMore: boolean }> {
  await sequenceChanges(db, q.workspaceId);
  const rows = await queryRows<{ entry: ChangeRecord }>(
    db,
    sql`select ${changeEntryJson} as entry
          from contact_history h
         where h.workspace_id = ${q.workspaceId} and h.seq is not null and h.seq > ${q.after}::bigint
         order by h.seq
         limit ${q.limit + 1}`,
  );
  const items = rows.slice(0, q.limit).map((r) => r.entry);
  return { items, hasMore: rows.length > q.limit };
}

/**
 * The current state of the contacts changed in the next `limit` changes after `after`, each
 * once, in the order of its latest change among them, and the ids of those among them that
 * are gone (deleted, merged or erased); `cursor` is the last change read.
 * Contacts deleted (merged, erased) since are left out: their entries in the feed say so.
 * One statement after sequencing.
 */
export async function readChangedContacts(
  db: Executor,
  q: ChangesQuery,
): Promise<{ items: ContactRecord[]; removedIds: string[]; cursor: string; hasMore: boolean }> {
  await sequenceChanges(db, q.workspaceId);
  const rows = await queryRows<{
    read: number;
    last: string | null;
    items: ContactRecord[];
    removedIds: string[];
  }>(
    db,
    sql`with page as (
  select h.contact_id, h.seq from contact_history h
   where h.workspace_id = ${q.workspaceId} and h.seq is not null and h.seq > ${q.after}::bigint
   order by h.seq
   limit ${q.limit + 1}
),
firsts as (select * from page order by seq limit ${q.limit}),
latest as (select contact_id, max(seq) as seq from firsts group by contact_id)
select (select count(*) from page)::int as read,
       (select max(seq) from firsts)::text as last,
       coalesce((select json_agg(${contactJson} order by l.seq)
                   from latest l
                   join contacts c on c.workspace_id = ${q.workspaceId} and c.id = l.contact_id
                  where c.deleted_at is null), '[]'::json) as items,
       coalesce((select json_agg(l.contact_id order by l.seq)
                   from latest l
                   join contacts c on c.workspace_id = ${q.workspaceId} and c.id = l.contact_id
                  where c.deleted_at is not null), '[]'::json) as "removedIds"`,
  );
  const row = rows[0];
  return {
    items: row?.items ?? [],
    removedIds: row?.removedIds ?? [],
    cursor: row?.last ?? q.after,
    hasMore: (row?.read ?? 0) > q.limit,
  };
}
