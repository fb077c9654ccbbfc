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

/** A contact's full name as the name rules compare it, or null without both names. */
const fullName = (t: string) => sql.raw(`lower(${t}.first_name || ' ' || ${t}.last_name)`);
/** The blocks of the similar-name rule: the first three letters of the first or last name. */
const firstPrefix = (t: string) => sql.raw(`left(lower(${t}.first_name), 3)`);
const lastPrefix = (t: string) => sql.raw(`left(lower(${t}.last_name), 3)`);

/**
 * The reasons why live contacts may be duplicates, as rows (l, r, rule, score, detail) with
 * l < r (the older contact first). Workspace-wide (`only` null), each rule is one pass over the
 * workspace: the emails, phones and full names held more than once are found by grouping, and
 * only their holders are paired (through the email, phone and name indexes); similar names are
 * compared only between contacts of a shared company whose first or last names start with the
 * same three letters (a hash join), never every pair of a company, let alone of the workspace.
 * For one contact (`only`), the same rules through index lookups from that contact.
 */
function reasonRows(workspaceId: string, s: DuplicateRuleScores, only: string | null): SQL {
  const ws = workspaceId;
  const pairOf = (col: "email" | "phone") => {
    const c = sql.raw(col);
    const rule = sql.raw(col === "email" ? "'SAME_EMAIL'" : "'SAME_PHONE'");
    const score = col === "email" ? s.SAME_EMAIL : s.SAME_PHONE;
    const held =
      only === null
        ? sql`select v.${c} as v from contacts v where v.workspace_id = ${ws} and v.deleted_at is null and v.${c} is not null
               group by v.${c} having count(*) > 1`
        : sql`select v.${c} as v from contacts v where v.workspace_id = ${ws} and v.id = ${only} and v.deleted_at is null and v.${c} is not null`;
    return sql`
  select least(a.id, b.id) as l, greatest(a.id, b.id) as r, ${rule} as rule, ${score}::float8 as score, a.${c} as detail
    from (${held}) h
    join contacts a on a.workspace_id = ${ws} and a.${c} = h.v and a.deleted_at is null
    join contacts b on b.workspace_id = ${ws} and b.${c} = h.v and b.deleted_at is null and a.id < b.id
   where ${only === null ? sql`true` : sql`${only} in (a.id, b.id)`}`;
  };
  const heldNames =
    only === null
      ? sql`select lower(v.first_name) as f, lower(v.last_name) as n from contacts v
             where v.workspace_id = ${ws} and v.deleted_at is null and v.first_name is not null and v.last_name is not null
             group by 1, 2 having count(*) > 1`
      : sql`select lower(v.first_name) as f, lower(v.last_name) as n from contacts v
             where v.workspace_id = ${ws} and v.id = ${only} and v.deleted_at is null and v.first_name is not null and v.last_name is not null`;
  // Connections of live contacts with both names: what the similar-name rule compares.
  const members = (filter: SQL) => sql`
      select x.company_id, x.contact_id as id, c.first_name, c.last_name, ${fullName("c")} as name,
             ${firstPrefix("c")} as fp, ${lastPrefix("c")} as lp
        from contact_connections x
        join contacts c on c.workspace_id = x.workspace_id and c.id = x.contact_id
       where x.workspace_id = ${ws} and c.deleted_at is null and c.first_name is not null and c.last_name is not null ${filter}`;
  const compared =
    only === null
      ? members(sql``)
      : members(sql`and x.company_id in (select o.company_id from contact_connections o
                                          where o.workspace_id = ${ws} and o.contact_id = ${only})`);
  return sql`${pairOf("email")}
  union all
  ${pairOf("phone")}
  union all
  select least(a.id, b.id), greatest(a.id, b.id), 'SAME_NAME_SHARED_COMPANY', ${s.SAME_NAME_SHARED_COMPANY}::float8,
         a.first_name || ' ' || a.last_name || ' at ' || (
           select min(co.name) from contact_connections x
             join contact_connections y on y.workspace_id = x.workspace_id and y.company_id = x.company_id and y.contact_id = b.id
             join companies co on co.workspace_id = x.workspace_id and co.id = x.company_id
            where x.workspace_id = a.workspace_id and x.contact_id = a.id)
    from (${heldNames}) h
    join contacts a on a.workspace_id = ${ws} and a.deleted_at is null and a.first_name is not null and a.last_name is not null
                   and lower(a.first_name) = h.f and lower(a.last_name) = h.n
    join contacts b on b.workspace_id = ${ws} and b.deleted_at is null and b.first_name is not null and b.last_name is not null
                   and lower(b.first_name) = h.f and lower(b.last_name) = h.n and a.id < b.id
   where ${only === null ? sql`true` : sql`${only} in (a.id, b.id)`}
     and exists (select 1 from contact_connections x
                   join contact_connections y on y.workspace_id = x.workspace_id and y.company_id = x.company_id and y.contact_id = b.id
                  where x.workspace_id = a.workspace_id and x.contact_id = a.id)
  union all
  select n.l, n.r, 'SIMILAR_NAME_SHARED_COMPANY', ${s.SIMILAR_NAME_SHARED_COMPANY}::float8, n.detail from (
    with m as materialized (${compared}),
    -- Two equi-joins (hash joins), not one join on "fp or lp", which would compare every pair.
    blocked as (
      select p.id as l, q.id as r, p.company_id, p.name as pn, q.name as qn,
             p.first_name || ' ' || p.last_name as pd, q.first_name || ' ' || q.last_name as qd
        from m p join m q on q.company_id = p.company_id and q.fp = p.fp and q.id > p.id
      union all
      select p.id, q.id, p.company_id, p.name, q.name,
             p.first_name || ' ' || p.last_name, q.first_name || ' ' || q.last_name
        from m p join m q on q.company_id = p.company_id and q.lp = p.lp and q.fp <> p.fp and q.id > p.id
    )
    select distinct on (b.l, b.r) b.l, b.r, b.pd || ' ~ ' || b.qd || ' at ' || co.name as detail
      from blocked b
      join companies co on co.workspace_id = ${ws} and co.id = b.company_id
     where ${only === null ? sql`true` : sql`${only} in (b.l, b.r)`}
       and b.pn <> b.qn and similarity(b.pn, b.qn) >= ${s.similarNameThreshold}::float8
     order by b.l, b.r, co.name
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
  return db.transaction(async (tx) => {
    // PostgreSQL would JIT-compile this plan (its cost estimate is high), which took longer
    // than running it (1.4 s of compiling on 100,000 contacts); and the similar-name blocks
    // of 100,000 contacts are sorted on disk with the default 4 MB, hashed in memory with more.
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    return queryRows<DuplicatePairRecord>(
      tx,
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
  });
}
