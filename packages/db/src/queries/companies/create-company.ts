import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import {
  type CompanyRecord,
  companyRecordColumns,
  type HistoryActorColumns,
  insertCompanyHistoryFrom,
  type SameNamedCompany,
  sameNamedCompaniesJson,
} from "./company-write";

/**
 * Creates a company and its first history entry (each field it set, from null) in one
 * statement, and answers the companies that already had its name (the statement's snapshot
 * does not see the new row).
 */
export async function insertCompanyWithHistory(
  db: Executor,
  p: { workspaceId: string; id: string; name: string; domain: string | null; actor: HistoryActorColumns },
): Promise<{ company: CompanyRecord; sameNamed: SameNamedCompany[] }> {
  const changes: Record<string, { from: null; to: string }> = { name: { from: null, to: p.name } };
  if (p.domain !== null) changes.domain = { from: null, to: p.domain };
  const [row] = await queryRows<CompanyRecord & { sameNamed: SameNamedCompany[] }>(
    db,
    sql`with c as (
        insert into companies (workspace_id, id, name, domain, created_at, updated_at)
        select ${p.workspaceId}::text, ${p.id}::text, ${p.name}::text, ${p.domain}::text, t.at, t.at
        from (select clock_timestamp() as at) t
        returning *),
      h as (${insertCompanyHistoryFrom("c", {
        type: "company.created",
        actor: p.actor,
        changes: sql`${JSON.stringify(changes)}::jsonb`,
      })})
      select ${companyRecordColumns("c")}, ${sameNamedCompaniesJson(p.workspaceId, p.name, p.id)} as "sameNamed"
      from c`,
  );
  if (!row) throw new Error("insertCompanyWithHistory returned nothing");
  const { sameNamed, ...company } = row;
  return { company, sameNamed };
}
