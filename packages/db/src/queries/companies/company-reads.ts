import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import type { HistoryRecord } from "../contacts/contact-history";
import { isoTimestamp } from "../contacts/contact-record";

/** A live contact connected to a company, with that connection's title and primary flag. */
export interface CompanyContactRecord {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  jobTitle: string | null;
  primary: boolean;
}

/**
 * A page of the live contacts connected to a company, newest first (contact id descending,
 * as contact.list), and whether the company exists. One round trip.
 */
export async function listCompanyContacts(
  db: Executor,
  p: { workspaceId: string; companyId: string; beforeId?: string | undefined; limit: number },
): Promise<{ exists: boolean; items: CompanyContactRecord[] }> {
  const [row] = await queryRows<{ exists: boolean; items: CompanyContactRecord[] }>(
    db,
    sql`select
      exists (select 1 from companies co where co.workspace_id = ${p.workspaceId} and co.id = ${p.companyId}) as exists,
      coalesce((select json_agg(json_build_object(
          'id', x.id, 'firstName', x.first_name, 'lastName', x.last_name, 'email', x.email,
          'jobTitle', x.job_title, 'primary', x.is_primary) order by x.id desc)
        from (select c.id, c.first_name, c.last_name, c.email, cc.job_title, cc.is_primary
              from contact_connections cc
              join contacts c on c.workspace_id = cc.workspace_id and c.id = cc.contact_id
              where cc.workspace_id = ${p.workspaceId} and cc.company_id = ${p.companyId}
                and c.deleted_at is null
                ${p.beforeId === undefined ? sql`` : sql`and c.id < ${p.beforeId}`}
              order by c.id desc
              limit ${p.limit}) x), '[]'::json) as items`,
  );
  return row ?? { exists: false, items: [] };
}

/**
 * A page of a company's history, newest first, and whether it is known: it exists, or it
 * has history (a deleted company's history stays readable). One round trip.
 */
export async function listCompanyHistory(
  db: Executor,
  p: { workspaceId: string; companyId: string; beforeId?: string | undefined; limit: number },
): Promise<{ exists: boolean; items: HistoryRecord[] }> {
  const [row] = await queryRows<{ exists: boolean; items: HistoryRecord[] }>(
    db,
    sql`select
      (exists (select 1 from companies co where co.workspace_id = ${p.workspaceId} and co.id = ${p.companyId})
        or exists (select 1 from company_history hh
                    where hh.workspace_id = ${p.workspaceId} and hh.company_id = ${p.companyId})) as exists,
      coalesce((select json_agg(json_build_object(
          'id', h.id,
          'type', h.type,
          'at', ${isoTimestamp(sql.raw("h.at"))},
          'actor', json_build_object('type', h.actor_type, 'id', h.actor_id, 'name', h.actor_name),
          'changes', h.changes) order by h.id desc)
        from (select * from company_history h
               where h.workspace_id = ${p.workspaceId} and h.company_id = ${p.companyId}
                 ${p.beforeId === undefined ? sql`` : sql`and h.id < ${p.beforeId}`}
               -- nulls last as the index is declared (drizzle's desc()): with the default
               -- (nulls first) the index cannot give this order, and a contact with 10,000
               -- entries sorted them all or walked the workspace's history (23 ms → 0.3 ms).
               order by h.id desc nulls last
               limit ${p.limit}) h), '[]'::json) as items`,
  );
  return row ?? { exists: false, items: [] };
}
