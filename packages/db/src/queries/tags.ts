import { sql } from "drizzle-orm";
import type { Executor } from "../client";
import { likeEscape } from "../like-escape";
import { queryRows } from "../rows";
import { contacts } from "../schema";

/**
 * The workspace's tags with the number of live contacts (not deleted, merged or erased)
 * carrying each, spellings that differ only in case counted as one tag, named by the spelling
 * most of them carry (ties: the smallest in code-point order, so the answer is stable). Most
 * used first, then by name: what an autocomplete should offer first. A contact carries a tag
 * at most once in any case (the contract drops case-insensitive duplicates), so a row per
 * (contact, tag) is a contact per tag. One statement; no index serves it: it reads the
 * workspace's live contacts (docs/decisions.md, "Tags are a vocabulary").
 */
export function listTagCounts(
  db: Executor,
  p: { workspaceId: string; prefix?: string | undefined; limit: number },
): Promise<{ name: string; count: number }[]> {
  const prefix =
    p.prefix === undefined ? sql`` : sql`and lower(t.tag) like ${`${likeEscape(p.prefix.toLowerCase())}%`}`;
  return queryRows(
    db,
    sql`
select mode() within group (order by t.tag collate "C") as name, count(*)::int as count
  from ${contacts} c
  cross join lateral unnest(c.tags) as t(tag)
 where c.workspace_id = ${p.workspaceId} and c.deleted_at is null ${prefix}
 group by lower(t.tag)
 order by count(*) desc, lower(t.tag) collate "C"
 limit ${p.limit}`,
  );
}

/**
 * A page of the live contacts carrying any of `tags` (case-insensitively, lower-cased here as
 * `tag_keys` was), by id after `afterId`, or among `ids`: what a rename or merge rewrites.
 * Served by the GIN index on `tag_keys`.
 */
export function selectContactsCarryingTags(
  db: Executor,
  p: {
    workspaceId: string;
    tags: string[];
    afterId?: string | undefined;
    ids?: string[] | undefined;
    limit: number;
  },
): Promise<{ id: string; version: number; tags: string[] }[]> {
  const after = p.afterId === undefined ? sql`` : sql`and c.id > ${p.afterId}`;
  const among =
    p.ids === undefined
      ? sql``
      : sql`and c.id in (select jsonb_array_elements_text(${JSON.stringify(p.ids)}::jsonb))`;
  return queryRows(
    db,
    sql`
select c.id, c.version, c.tags
  from ${contacts} c
 where c.workspace_id = ${p.workspaceId} and c.deleted_at is null
   and c.tag_keys && array(select lower(jsonb_array_elements_text(${JSON.stringify(p.tags)}::jsonb)))
   ${after} ${among}
 order by c.id
 limit ${p.limit}`,
  );
}
