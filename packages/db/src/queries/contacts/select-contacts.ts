import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactRecord, contactJson } from "./contact-record";

async function selectOne(db: Executor, where: SQL): Promise<ContactRecord | null> {
  const rows = await queryRows<{ contact: ContactRecord }>(
    db,
    sql`select ${contactJson} as contact from contacts c where ${where}`,
  );
  return rows[0]?.contact ?? null;
}

export function getContactRecord(db: Executor, workspaceId: string, id: string) {
  return selectOne(db, sql`c.workspace_id = ${workspaceId} and c.id = ${id}`);
}

export function findContactRecordByExternalRef(
  db: Executor,
  workspaceId: string,
  ref: { namespace: string; id: string },
) {
  return selectOne(
    db,
    sql`c.workspace_id = ${workspaceId} and c.id = (
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

/** `%` and `_` are data in a search term, not wildcards. */
const likeEscape = (term: string) => term.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Contacts newest first (ids are UUIDv7, so id order is creation order), one page.
 * Search uses the trigram index on `search_text`, tags the GIN index on `tag_keys`.
 */
export async function listContactRecords(db: Executor, f: ContactListFilter): Promise<ContactRecord[]> {
  const conditions: SQL[] = [sql`c.workspace_id = ${f.workspaceId}`];
  if (f.beforeId !== undefined) conditions.push(sql`c.id < ${f.beforeId}`);
  if (f.search !== undefined) {
    // lower() in SQL, like search_text's own: JS and PostgreSQL lower-case some letters
    // differently (Greek final sigma), and the term must fold exactly as the names did.
    if ([...f.search].length >= 3) {
      conditions.push(sql`c.search_text like lower(${`%${likeEscape(f.search)}%`})`);
    } else {
      // Under three characters a term has no trigram, so the index cannot narrow it, and the
      // planner, misjudging how many rows match, would read and sort every contact. As
      // strpos it is estimated as common: the id index is walked newest first and stops
      // after one page (docs/performance.md).
      conditions.push(sql`strpos(c.search_text, lower(${f.search})) > 0`);
    }
  }
  if (f.tags?.length) {
    conditions.push(
      sql`c.tag_keys @> array(select lower(jsonb_array_elements_text(${JSON.stringify(f.tags)}::jsonb)))`,
    );
  }
  if (f.companyId !== undefined) {
    conditions.push(sql`exists (select 1 from contact_connections cc
      where cc.workspace_id = c.workspace_id and cc.contact_id = c.id and cc.company_id = ${f.companyId})`);
  }
  // "Not blocked" includes contacts whose blocked flag was never set (null).
  if (f.blocked === true) conditions.push(sql`c.blocked is true`);
  if (f.blocked === false) conditions.push(sql`c.blocked is not true`);
  const rows = await queryRows<{ contact: ContactRecord }>(
    db,
    sql`select ${contactJson} as contact from contacts c
         where ${sql.join(conditions, sql` and `)}
         order by c.id desc
         limit ${f.limit}`,
  );
  return rows.map((r) => r.contact);
}
