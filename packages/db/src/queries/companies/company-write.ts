import { type SQL, sql } from "drizzle-orm";
import { isoTimestamp } from "../contacts/contact-record";
import { historyIdAt } from "../contacts/history-id";

/** A company as the write statements answer it: timestamps already in the wire's ISO form. */
export interface CompanyRecord {
  id: string;
  name: string;
  domain: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Another company of the workspace with the same name, case-insensitively. */
export interface SameNamedCompany {
  id: string;
  name: string;
  domain: string | null;
}

/** Who writes, as company history records it. */
export interface HistoryActorColumns {
  actorType: string;
  actorId: string;
  actorName: string;
}

/** The columns of a company row `alias` as a CompanyRecord, for `returning` and `select`. */
export const companyRecordColumns = (alias: string) => {
  const a = sql.raw(alias);
  return sql`${a}.id, ${a}.name, ${a}.domain, ${a}.version,
    ${isoTimestamp(sql.raw(`${alias}.created_at`))} as "createdAt",
    ${isoTimestamp(sql.raw(`${alias}.updated_at`))} as "updatedAt"`;
};

/**
 * The insert of a history entry for the company row `alias` that a statement's CTE just
 * wrote, at that row's `updated_at` (one clock for the row and its entry).
 */
export function insertCompanyHistoryFrom(
  alias: string,
  p: { type: string; actor: HistoryActorColumns; changes: SQL; at?: SQL; version?: SQL },
): SQL {
  const a = sql.raw(alias);
  const at = p.at ?? sql`${a}.updated_at`;
  return sql`insert into company_history
      (workspace_id, id, company_id, version, type, at, actor_type, actor_id, actor_name, changes)
    select ${a}.workspace_id, ${historyIdAt(at)}, ${a}.id, ${p.version ?? sql`${a}.version`}, ${p.type}::text, ${at},
      ${p.actor.actorType}::text, ${p.actor.actorId}::text, ${p.actor.actorName}::text, ${p.changes}
    from ${a}`;
}

/**
 * The other companies of the workspace named `name` case-insensitively (at most 5, oldest
 * first), as JSON: the duplicate-name warning. Served by companies_workspace_name_idx.
 */
export const sameNamedCompaniesJson = (workspaceId: string, name: SQL | string, exceptId: string) =>
  sql`coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name, 'domain', s.domain) order by s.id)
      from (select o.id, o.name, o.domain from companies o
             where o.workspace_id = ${workspaceId} and lower(o.name) = lower(${name}::text) and o.id <> ${exceptId}
             order by o.id limit 5) s), '[]'::json)`;
