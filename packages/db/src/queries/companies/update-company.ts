import { type SQL, sql } from "drizzle-orm";
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
 * A company of the workspace, its row locked until the transaction `tx` ends (its writes take
 * turns; a contact connecting to it waits, since its foreign key check shares the row).
 */
export async function lockCompany(
  tx: Executor,
  workspaceId: string,
  id: string,
): Promise<CompanyRecord | null> {
  const [row] = await queryRows<CompanyRecord>(
    tx,
    sql`select ${companyRecordColumns("c")} from companies c
        where c.workspace_id = ${workspaceId} and c.id = ${id}
        for update`,
  );
  return row ?? null;
}

/**
 * Writes a company's new name and domain, bumps its version and records `changes` as one
 * history entry, in one statement; answers the other companies that have its new name.
 * Call it in the transaction that locked the row (lockCompany) and found a change.
 */
export async function updateCompanyWithHistory(
  tx: Executor,
  p: {
    workspaceId: string;
    id: string;
    name: string;
    domain: string | null;
    changes: Record<string, { from: unknown; to: unknown }>;
    actor: HistoryActorColumns;
  },
): Promise<{ company: CompanyRecord; sameNamed: SameNamedCompany[] }> {
  const [row] = await queryRows<CompanyRecord & { sameNamed: SameNamedCompany[] }>(
    tx,
    sql`with c as (
        update companies set name = ${p.name}::text, domain = ${p.domain}::text,
          version = version + 1, updated_at = clock_timestamp()
        where workspace_id = ${p.workspaceId} and id = ${p.id}
        returning *),
      h as (${insertCompanyHistoryFrom("c", {
        type: "company.updated",
        actor: p.actor,
        changes: sql`${JSON.stringify(p.changes)}::jsonb`,
      })})
      select ${companyRecordColumns("c")},
        ${sameNamedCompaniesJson(p.workspaceId, sql.raw("c.name") as SQL, p.id)} as "sameNamed"
      from c`,
  );
  if (!row) throw new Error("updateCompanyWithHistory found no row under its lock");
  const { sameNamed, ...company } = row;
  return { company, sameNamed };
}
