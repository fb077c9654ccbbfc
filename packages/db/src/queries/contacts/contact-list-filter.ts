import { type SQL, sql } from "drizzle-orm";
import { likeEscape } from "../../like-escape";

export interface ContactFilter {
  workspaceId: string;
  search?: string | undefined;
  /** Tag prefixes, case-insensitive: a contact must carry a tag starting with each of them. */
  tags?: string[] | undefined;
  companyId?: string | undefined;
  blocked?: boolean | undefined;
}

/** Terms shorter than this have no trigram; phone and company are matched from this length on. */
export const TRIGRAM_TERM_MIN = 3;

/**
 * The digits a search term stands for when it reads as (part of) a phone number: only digits,
 * spaces, `+ - ( ) .`, and at least 3 digits. Phones are stored in E.164 (`+46701234567`), so a
 * national "0701" means "701": leading zeros (the trunk prefix, or "00" for abroad) are dropped.
 */
export function phoneDigitsOf(term: string): string | null {
  if (!/^[+\d\s().-]+$/.test(term)) return null;
  const digits = term.replace(/\D/g, "");
  if (digits.length < TRIGRAM_TERM_MIN) return null;
  const national = term.trimStart().startsWith("+") ? digits : digits.replace(/^0+/, "");
  return national === "" ? null : national;
}

/**
 * The search of docs/api.md §6.3: names and email (search_text), and, for terms of 3 characters
 * or more, the phone's digits and the primary company's name. `strpos` for shorter terms, which
 * the caller may route through the short-term index instead.
 */
export function contactSearchFilter(term: string): SQL {
  // lower() in SQL, like search_text's own: JS and PostgreSQL lower-case some letters
  // differently (Greek final sigma), and the term must fold exactly as the names did.
  if ([...term].length < TRIGRAM_TERM_MIN) return sql`strpos(c.search_text, lower(${term})) > 0`;
  const pattern = `%${likeEscape(term)}%`;
  const either: SQL[] = [sql`c.search_text like lower(${pattern})`];
  const digits = phoneDigitsOf(term);
  if (digits !== null) either.push(sql`c.phone like ${`%${digits}%`}`);
  either.push(sql`exists (select 1 from contact_connections cc
      join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
     where cc.workspace_id = c.workspace_id and cc.contact_id = c.id and cc.is_primary
       and lower(co.name) like lower(${pattern}))`);
  return sql`(${sql.join(either, sql` or `)})`;
}

/**
 * The same matches as contactSearchFilter for a term of 3 characters or more, written so that
 * every arm is an index (a BitmapOr): the trigram indexes on search_text and phone, and the
 * primary contacts of the companies whose name matches (the company name's trigram index),
 * as ids for the primary key. For finding the rare matches among many contacts; a common term
 * is found faster by walking the newest contacts with contactSearchFilter.
 */
export function contactSearchIndexedFilter(term: string, workspaceId: string): SQL {
  const pattern = `%${likeEscape(term)}%`;
  const either: SQL[] = [sql`c.search_text like lower(${pattern})`];
  const digits = phoneDigitsOf(term);
  if (digits !== null) either.push(sql`c.phone like ${`%${digits}%`}`);
  either.push(sql`c.id = any(array(select cc.contact_id from companies co
      join contact_connections cc on cc.workspace_id = co.workspace_id and cc.company_id = co.id and cc.is_primary
     where co.workspace_id = ${workspaceId} and lower(co.name) like lower(${pattern})))`);
  return sql`(${sql.join(either, sql` or `)})`;
}

/** Every condition but the search: the workspace, live contacts, tags, company, blocked. */
export function contactFilterConditions(f: ContactFilter): SQL[] {
  const filters: SQL[] = [sql`c.workspace_id = ${f.workspaceId}`, sql`c.deleted_at is null`];
  for (const prefix of f.tags ?? []) {
    // tag_keys holds the tags lower-cased; lower() of the prefix in SQL for the same folding.
    filters.push(
      sql`exists (select 1 from unnest(c.tag_keys) k where k like lower(${`${likeEscape(prefix)}%`}))`,
    );
  }
  if (f.companyId !== undefined) {
    filters.push(sql`exists (select 1 from contact_connections cc
      where cc.workspace_id = c.workspace_id and cc.contact_id = c.id and cc.company_id = ${f.companyId})`);
  }
  // "Not blocked" includes contacts whose blocked flag was never set (null).
  if (f.blocked === true) filters.push(sql`c.blocked is true`);
  if (f.blocked === false) filters.push(sql`c.blocked is not true`);
  return filters;
}
