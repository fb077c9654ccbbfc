import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { contactNameKey } from "../../schema/contact-name-key";
import {
  type ContactFilter,
  contactFilterConditions,
  contactSearchFilter,
  contactSearchIndexedFilter,
  TRIGRAM_TERM_MIN,
} from "./contact-list-filter";
import { type ContactRecord, contactJson, isoTimestamp } from "./contact-record";
import { listByCompany } from "./list-by-company";

async function selectOne(db: Executor, where: SQL): Promise<ContactRecord | null> {
  const rows = await queryRows<{ contact: ContactRecord }>(
    db,
    sql`select ${contactJson} as contact from contacts c where ${where}`,
  );
  return rows[0]?.contact ?? null;
}

/** A live contact (not deleted, merged or erased), or null. */
export function getContactRecord(db: Executor, workspaceId: string, id: string) {
  return selectOne(db, sql`c.workspace_id = ${workspaceId} and c.id = ${id} and c.deleted_at is null`);
}

/**
 * A live contact by its id, or by the id of a contact merged into it (merges keep the pointer
 * of every merged contact on its final survivor, so this is one hop): `redirectedFrom` is
 * the id asked for when it was a merged one. One round trip.
 */
export async function getContactRecordFollowingMerge(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<{ contact: ContactRecord; redirectedFrom: string | null } | null> {
  const rows = await queryRows<{ contact: ContactRecord; redirectedFrom: string | null }>(
    db,
    sql`with target as (
          select coalesce(
            (select m.merged_into from contacts m
              where m.workspace_id = ${workspaceId} and m.id = ${id} and m.merged_into is not null),
            ${id}) as id
        )
        select ${contactJson} as contact, case when c.id <> ${id} then ${id} end as "redirectedFrom"
          from contacts c, target t
         where c.workspace_id = ${workspaceId} and c.id = t.id and c.deleted_at is null`,
  );
  return rows[0] ?? null;
}

export function findContactRecordByExternalRef(
  db: Executor,
  workspaceId: string,
  ref: { namespace: string; id: string },
) {
  return selectOne(
    db,
    sql`c.workspace_id = ${workspaceId} and c.deleted_at is null and c.id = (
      select r.contact_id from contact_external_refs r
       where r.workspace_id = ${workspaceId} and r.namespace = ${ref.namespace} and r.external_id = ${ref.id})`,
  );
}

export interface ContactListFilter extends ContactFilter {
  sort: ContactListSort;
  direction: "asc" | "desc";
  /** Where the previous page ended: its last contact's sort key (as `sortKey` gave it) and id. */
  after?: { key: string | null; id: string } | undefined;
  limit: number;
}

export type ContactListSort = "created" | "name" | "company" | "updated";

/** A listed contact with the key it was sorted by, for the next page's cursor. */
export interface ListedContact {
  contact: ContactRecord;
  sortKey: string | null;
}

/** How many of the newest contacts a search term is looked for in before its index. */
const SEARCH_RECENT_ROWS = 5000;

/**
 * Each sort's key, and its text form for cursors. `created` is the id itself (UUIDv7, so id
 * order is creation order). Names fold in SQL (lower), never in JS, so a cursor's key compares
 * exactly as the rows sorted. Times keep their microseconds: a key rounded to milliseconds
 * would skip or repeat contacts written in the same millisecond.
 */
const SORT_KEYS = {
  created: { key: null, text: null },
  name: { key: contactNameKey, text: null },
  updated: {
    key: sql`c.updated_at`,
    text: sql`to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  },
} satisfies Record<Exclude<ContactListSort, "company">, { key: SQL | null; text: SQL | null }>;

/**
 * One page of live contacts in the asked order, ties broken by id in the same direction.
 * Contacts without a primary company come last in both directions of the company sort.
 * Search uses the trigram index on `search_text` (terms of 3 characters or more) or, in the
 * default order, the 1–2 character substring index on it (shorter terms); the ids are chosen
 * first and only the page's contacts are built as JSON.
 */
export async function listContactRecords(db: Executor, f: ContactListFilter): Promise<ListedContact[]> {
  const filters = contactFilterConditions(f);
  if (f.sort === "created" && f.direction === "desc" && f.search !== undefined) {
    const rows = await listNewestMatching(db, f, filters, f.search);
    return rows.map((contact) => ({ contact, sortKey: null }));
  }
  if (f.search !== undefined) filters.push(contactSearchFilter(f.search));
  // The company's name is another table's column: a query shape of its own (list-by-company.ts).
  if (f.sort === "company") return listByCompany(db, f, filters);
  const cmp = f.direction === "asc" ? sql.raw(">") : sql.raw("<");
  const dir = sql.raw(f.direction);
  const { key, text } = SORT_KEYS[f.sort];
  let order: SQL;
  let keyText: SQL;
  if (key === null) {
    if (f.after) filters.push(sql`c.id ${cmp} ${f.after.id}`);
    order = sql`c.id ${dir}`;
    keyText = sql`null::text`;
  } else {
    if (f.after) {
      const k = f.after.key;
      const cursorKey = f.sort === "updated" ? sql`${k}::timestamptz` : sql`${k}::text`;
      filters.push(sql`((${key}), c.id) ${cmp} (${cursorKey}, ${f.after.id})`);
    }
    order = sql`(${key}) ${dir}, c.id ${dir}`;
    keyText = text ?? sql`(${key})`;
  }
  // The page's ids first (a CTE), so that only its contacts are built as JSON, not every match.
  const rows = await queryRows<ListedContact>(
    db,
    sql`with page as (
          select c.id, ${keyText} as sort_key, row_number() over (order by ${order}) as ord
            from contacts c
           where ${sql.join(filters, sql` and `)}
           order by ${order}
           limit ${f.limit}
        )
        select ${contactJson} as contact, p.sort_key as "sortKey"
          from page p join contacts c on c.workspace_id = ${f.workspaceId} and c.id = p.id
         order by p.ord`,
  );
  return rows;
}

/** How many live contacts match, counting no further than `cap` + 1 (so "10,000+" stays cheap). */
export async function countContactRecords(db: Executor, f: ContactFilter, cap: number): Promise<number> {
  const filters = contactFilterConditions(f);
  if (f.search !== undefined) filters.push(contactSearchFilter(f.search));
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (
          select 1 from contacts c where ${sql.join(filters, sql` and `)} limit ${cap + 1}) t`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Search in the default order (newest first). A common term ("berg", "a") is found fastest by
 * walking the id index newest first, which stops after a page; a rare one ("qz", "no such
 * name", a full phone number) by its indexes: the 1- and 2-character substring index
 * (contact_search_grams) for a term of 1–2 characters, which has no trigram, else the trigram
 * indexes (contactSearchIndexedFilter). Each choice alone is slow for the other kind of term:
 * the walk reads every contact when nothing matches (1.7 s on 1,000,000 contacts), the index
 * reads every match when most match. The plan cannot be left to the planner: the statement is
 * prepared, and PostgreSQL soon settles on one generic plan for every term (docs/decisions.md).
 * So the statement makes the choice as it runs: it walks the newest SEARCH_RECENT_ROWS
 * contacts first, and only if they do not fill the page does it ask the index for the older
 * ones. Both halves match exactly as contactSearchFilter does, so the result is the same as a
 * plain scan's.
 */
async function listNewestMatching(
  db: Executor,
  f: ContactListFilter,
  filters: SQL[],
  term: string,
): Promise<ContactRecord[]> {
  const where = sql.join(filters, sql` and `);
  const matches = contactSearchFilter(term);
  const indexed =
    [...term].length < TRIGRAM_TERM_MIN
      ? sql`contact_search_grams(c.search_text) @> array[lower(${term})] and ${matches}`
      : contactSearchIndexedFilter(term, f.workspaceId);
  const before = f.after === undefined ? sql`` : sql` and n.id < ${f.after.id}`;
  // A constant, not a parameter, so that even a generic plan knows how far the walk goes.
  const recent = sql.raw(String(SEARCH_RECENT_ROWS));
  const newest = sql`select n.* from contacts n where n.workspace_id = ${f.workspaceId} and n.deleted_at is null${before}
                      order by n.id desc limit ${recent}`;
  // newest_edge is the last of the newest contacts below the cursor (none if there are fewer).
  // older_matches is planned on its own, for all its rows (a MATERIALIZED CTE), so a generic
  // plan cannot trade the index for a walk that a LIMIT makes look cheap; it is computed only
  // when read, and it is read only if the newest contacts did not fill the page (a LIMIT over
  // UNION ALL stops pulling). The gate keeps a small workspace from asking the index at all.
  const rows = await queryRows<{ contact: ContactRecord }>(
    db,
    sql`with newest_edge as materialized (
          select n.id from contacts n where n.workspace_id = ${f.workspaceId} and n.deleted_at is null${before}
           order by n.id desc offset ${recent} - 1 limit 1
        ), older_matches as materialized (
          select c.id from contacts c
           where (select id from newest_edge) is not null and ${where}
             and c.id < (select id from newest_edge)
             and ${indexed}
        ), page as (
          (select c.id from (${newest}) c where ${where} and ${matches} order by c.id desc limit ${f.limit})
          union all
          (select id from older_matches order by id desc limit ${f.limit})
        )
        select ${contactJson} as contact
          from (select id from page limit ${f.limit}) p
          join contacts c on c.workspace_id = ${f.workspaceId} and c.id = p.id
         order by c.id desc`,
  );
  return rows.map((r) => r.contact);
}

/** A contact in the bin, with when it was deleted. */
export type DeletedContactRecord = ContactRecord & { deletedAt: string };

/**
 * The bin: deleted contacts (not merged, not erased), newest deletion first, one page. The
 * cursor is the last contact's id; the page goes on from that contact's deletion time. If
 * that contact left the bin meanwhile (restored), the walk starts again from the newest
 * deletion: a contact may be seen twice, none is skipped.
 */
export async function listDeletedContactRecords(
  db: Executor,
  f: { workspaceId: string; beforeId?: string | undefined; limit: number },
): Promise<DeletedContactRecord[]> {
  const inBin = sql`c.workspace_id = ${f.workspaceId} and c.deleted_at is not null and c.merged_into is null and c.erased_at is null`;
  const after =
    f.beforeId === undefined
      ? sql``
      : sql`and (c.deleted_at, c.id) < (select coalesce(b.deleted_at, 'infinity'::timestamptz), b.id from contacts b
                                         where b.workspace_id = ${f.workspaceId} and b.id = ${f.beforeId})`;
  const rows = await queryRows<{ contact: DeletedContactRecord }>(
    db,
    sql`select (${contactJson})::jsonb || jsonb_build_object('deletedAt', ${isoTimestamp(sql.raw("c.deleted_at"))}) as contact
          from contacts c
         where ${inBin} ${after}
         order by c.deleted_at desc, c.id desc
         limit ${f.limit}`,
  );
  return rows.map((r) => r.contact);
}
