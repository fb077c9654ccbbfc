import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactRecord, contactJson } from "./contact-record";

/** The scores of the duplicate rules and the trigram threshold (the contracts own them). */
export interface DuplicateRuleScores {
  SAME_EMAIL: number;
  SAME_PHONE: number;
  SAME_NAME_SHARED_COMPANY: number;
  SIMILAR_NAME_SHARED_COMPANY: number;
  similarNameThreshold: number;
}

export interface DuplicateReasonRecord {
  rule: keyof Omit<DuplicateRuleScores, "similarNameThreshold">;
  score: number;
  detail: string;
}

/**
 * Companies with more contacts than this are left out of the similar-name rule: it compares
 * every two contacts of a company, so one employer with 20,000 contacts would cost 200 million
 * comparisons. Exact names there are still matched (an index join).
 */
export const SIMILAR_NAME_MAX_COMPANY_SIZE = 500;

const fullName = (t: string) => sql.raw(`lower(${t}.first_name || ' ' || ${t}.last_name)`);

/**
 * The reasons why live contacts may be duplicates, as rows (l, r, rule, score, detail) with
 * l < r (the older contact first), from index lookups and index joins only: the same email,
 * phone or full name (b-tree indexes; a name needs a shared company too), and contacts of a
 * company (the connections' company index) with trigram-similar full names. `only` limits it
 * to pairs with that contact.
 */
function reasonRows(workspaceId: string, s: DuplicateRuleScores, only: string | null): SQL {
  const ws = workspaceId;
  const mine = (col: string) => (only === null ? sql`` : sql` and ${sql.raw(col)} = ${only}`);
  return sql`
  select least(a.id, b.id) as l, greatest(a.id, b.id) as r, 'SAME_EMAIL' as rule, ${s.SAME_EMAIL}::float8 as score, a.email as detail
    from contacts a
    join contacts b on b.workspace_id = a.workspace_id and b.email = a.email and b.id <> a.id and b.deleted_at is null
   where a.workspace_id = ${ws} and a.deleted_at is null and a.email is not null
     and ${only === null ? sql`a.id < b.id` : sql`a.id = ${only}`}
  union all
  select least(a.id, b.id), greatest(a.id, b.id), 'SAME_PHONE', ${s.SAME_PHONE}::float8, a.phone
    from contacts a
    join contacts b on b.workspace_id = a.workspace_id and b.phone = a.phone and b.id <> a.id and b.deleted_at is null
   where a.workspace_id = ${ws} and a.deleted_at is null and a.phone is not null
     and ${only === null ? sql`a.id < b.id` : sql`a.id = ${only}`}
  union all
  select least(a.id, b.id), greatest(a.id, b.id), 'SAME_NAME_SHARED_COMPANY', ${s.SAME_NAME_SHARED_COMPANY}::float8,
         a.first_name || ' ' || a.last_name || ' at ' || (
           select min(co.name) from contact_connections x
             join contact_connections y on y.workspace_id = x.workspace_id and y.company_id = x.company_id and y.contact_id = b.id
             join companies co on co.workspace_id = x.workspace_id and co.id = x.company_id
            where x.workspace_id = a.workspace_id and x.contact_id = a.id)
    from contacts a
    join contacts b on b.workspace_id = a.workspace_id and b.id <> a.id and b.deleted_at is null
                   and b.first_name is not null and b.last_name is not null
                   and lower(b.first_name) = lower(a.first_name) and lower(b.last_name) = lower(a.last_name)
   where a.workspace_id = ${ws} and a.deleted_at is null and a.first_name is not null and a.last_name is not null
     and ${only === null ? sql`a.id < b.id` : sql`a.id = ${only}`}
     and exists (select 1 from contact_connections x
                   join contact_connections y on y.workspace_id = x.workspace_id and y.company_id = x.company_id and y.contact_id = b.id
                  where x.workspace_id = a.workspace_id and x.contact_id = a.id)
  union all
  select n.l, n.r, 'SIMILAR_NAME_SHARED_COMPANY', ${s.SIMILAR_NAME_SHARED_COMPANY}::float8, n.detail from (
    with companies_compared as (
      select x.company_id from contact_connections x
       where x.workspace_id = ${ws}${mine("x.contact_id")}
       group by x.company_id
    ), small as (
      select cc.company_id from companies_compared cc
       where (select count(*) from contact_connections z
               where z.workspace_id = ${ws} and z.company_id = cc.company_id) <= ${SIMILAR_NAME_MAX_COMPANY_SIZE}
    )
    select distinct on (least(a.id, b.id), greatest(a.id, b.id))
           least(a.id, b.id) as l, greatest(a.id, b.id) as r,
           a.first_name || ' ' || a.last_name || ' ~ ' || b.first_name || ' ' || b.last_name || ' at ' || co.name as detail
      from small sm
      join contact_connections x on x.workspace_id = ${ws} and x.company_id = sm.company_id
      join contact_connections y on y.workspace_id = x.workspace_id and y.company_id = x.company_id and y.contact_id <> x.contact_id
      join companies co on co.workspace_id = x.workspace_id and co.id = x.company_id
      join contacts a on a.workspace_id = x.workspace_id and a.id = x.contact_id
      join contacts b on b.workspace_id = y.workspace_id and b.id = y.contact_id
     where ${only === null ? sql`x.contact_id < y.contact_id` : sql`x.contact_id = ${only}`}
       and a.deleted_at is null and b.deleted_at is null
       and a.first_name is not null and a.last_name is not null
       and b.first_name is not null and b.last_name is not null
       and ${fullName("a")} <> ${fullName("b")}
       and similarity(${fullName("a")}, ${fullName("b")}) >= ${s.similarNameThreshold}::float8
     order by least(a.id, b.id), greatest(a.id, b.id), co.name
  ) n`;
}

/** Reasons folded into pairs: the best score, and every reason, best first. */
const pairsOf = (reasons: SQL) => sql`
  select l, r, max(score) as score,
         jsonb_agg(jsonb_build_object('rule', rule, 'score', score, 'detail', detail) order by score desc, rule) as reasons
    from (${reasons}) x
   group by l, r`;

export interface DuplicateMatchRecord {
  contact: ContactRecord;
  score: number;
  reasons: DuplicateReasonRecord[];
}

/** The live contacts that may be duplicates of `contactId`, best first (at most `limit`). */
export async function findDuplicatesOf(
  db: Executor,
  p: { workspaceId: string; contactId: string; scores: DuplicateRuleScores; limit: number },
): Promise<DuplicateMatchRecord[]> {
  const rows = await queryRows<DuplicateMatchRecord>(
    db,
    sql`with pairs as (${pairsOf(reasonRows(p.workspaceId, p.scores, p.contactId))})
        select ${contactJson} as contact, pr.score, pr.reasons
          from pairs pr
          join contacts c on c.workspace_id = ${p.workspaceId}
                         and c.id = case when pr.l = ${p.contactId} then pr.r else pr.l end
         order by pr.score desc, c.id
         limit ${p.limit}`,
  );
  return rows;
}

export interface DuplicatePairRecord {
  left: ContactRecord;
  right: ContactRecord;
  score: number;
  reasons: DuplicateReasonRecord[];
}

/**
 * One page of the workspace's candidate pairs, best score first, then by the pair's ids;
 * `after` is the last pair of the previous page. Every page computes the candidate set again
 * (one statement, index-driven; docs/performance.md has its time on 100,000 contacts).
 */
export async function listDuplicatePairs(
  db: Executor,
  p: {
    workspaceId: string;
    scores: DuplicateRuleScores;
    minScore: number;
    after: { score: number; left: string; right: string } | null;
    limit: number;
  },
): Promise<DuplicatePairRecord[]> {
  const after =
    p.after === null
      ? sql``
      : sql`and (pr.score < ${p.after.score}::float8
                 or (pr.score = ${p.after.score}::float8 and (pr.l, pr.r) > (${p.after.left}::text, ${p.after.right}::text)))`;
  return queryRows<DuplicatePairRecord>(
    db,
    sql`with pairs as (${pairsOf(reasonRows(p.workspaceId, p.scores, null))}),
        page as (
          select * from pairs pr
           where pr.score >= ${p.minScore}::float8 ${after}
           order by pr.score desc, pr.l, pr.r
           limit ${p.limit}
        )
        select (select ${contactJson} from contacts c where c.workspace_id = ${p.workspaceId} and c.id = pg.l) as left,
               (select ${contactJson} from contacts c where c.workspace_id = ${p.workspaceId} and c.id = pg.r) as right,
               pg.score, pg.reasons
          from page pg
         order by pg.score desc, pg.l, pg.r`,
  );
}
