import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { likeEscape } from "../../like-escape";
import { queryRows } from "../../rows";
import { type ContactRecord, contactJson, isoTimestamp } from "./contact-record";

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

export interface ContactListFilter {
  workspaceId: string;
  search?: string | undefined;
  /** A contact must carry all of these tags, compared case-insensitively. */
  tags?: string[] | undefined;
  companyId?: string | undefined;
  blocked?: boolean | undefined;
  /** Only contacts whose id sorts before this one (keyset pagination, newest first). */
  beforeId?: string | undefined;
  limit: number;
}

/** How many of the newest contacts a 1–2 character term is looked for in before its index. */
const SHORT_TERM_RECENT_ROWS = 5000;

/**
 * Contacts newest first (ids are UUIDv7, so id order is creation order), one page.
 * Search uses the trigram index on `search_text` (terms of 3 characters or more) or the
 * 1–2 character substring index on it (shorter terms), tags the GIN index on `tag_keys`.
 */
export async function listContactRecords(db: Executor, f: ContactListFilter): Promise<ContactRecord[]> {
  const filters: SQL[] = [sql`c.workspace_id = ${f.workspaceId}`, sql`c.deleted_at is null`];
  if (f.beforeId !== undefined) filters.push(sql`c.id < ${f.beforeId}`);
  if (f.tags?.length) {
    filters.push(
      sql`c.tag_keys @> array(select lower(jsonb_array_elements_text(${JSON.stringify(f.tags)}::jsonb)))`,
    );
  }
  if (f.companyId !== undefined) {
    filters.push(sql`exists (select 1 from contact_connections cc
      where cc.workspace_id = c.workspace_id and cc.contact_id = c.id and cc.company_id = ${f.companyId})`);
  }
  // "Not blocked" includes contacts whose blocked flag was never set (null).
  if (f.blocked === true) filters.push(sql`c.blocked is true`);
  if (f.blocked === false) filters.push(sql`c.blocked is not true`);

  // lower() in SQL, like search_text's own: JS and PostgreSQL lower-case some letters
  // differently (Greek final sigma), and the term must fold exactly as the names did.
  if (f.search !== undefined && [...f.search].length < 3) return listByShortTerm(db, f, filters, f.search);
  if (f.search !== undefined) filters.push(sql`c.search_text like lower(${`%${likeEscape(f.search)}%`})`);
  const rows = await queryRows<{ contact: ContactRecord }>(
    db,
    sql`select ${contactJson} as contact from contacts c
         where ${sql.join(filters, sql` and `)}
         order by c.id desc
         limit ${f.limit}`,
  );
  return rows.map((r) => r.contact);
}

/**
 * A term of 1–2 characters has no trigram. A common one ("a") is found fastest by walking the
 * id index newest first, which stops after a page; a rare one ("qz") by the index of 1- and
 * 2-character substrings (contact_search_grams), which a common one would make read every
 * contact. The plan cannot be left to the planner: the statement is prepared, and PostgreSQL
 * soon settles on one generic plan for every term (docs/decisions.md). So the statement makes
 * the choice as it runs: it walks the newest SHORT_TERM_RECENT_ROWS contacts first, and only
 * if they do not fill the page does it ask the index for the older ones. The matches are
 * `strpos` in both halves, so the result is the same as a plain scan's.
 */
async function listByShortTerm(
  db: Executor,
  f: ContactListFilter,
  filters: SQL[],
  term: string,
): Promise<ContactRecord[]> {
  const where = sql.join(filters, sql` and `);
  const matches = sql`strpos(c.search_text, lower(${term})) > 0`;
  const before = f.beforeId === undefined ? sql`` : sql` and n.id < ${f.beforeId}`;
  // A constant, not a parameter, so that even a generic plan knows how far the walk goes.
  const recent = sql.raw(String(SHORT_TERM_RECENT_ROWS));
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
             and contact_search_grams(c.search_text) @> array[lower(${term})] and ${matches}
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
