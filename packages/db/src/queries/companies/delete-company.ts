import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { isoTimestamp } from "../contacts/contact-record";
import type { HistoryActorColumns } from "./company-write";
import { insertCompanyHistoryFrom } from "./company-write";

/** A contact connected to a company, as a refused deletion names it. */
export interface ConnectedContact {
  id: string;
  /** "First Last", else the email. */
  name: string;
  /** In the bin, or merged into another contact: its connections stay until it is erased. */
  deleted: boolean;
}

/**
 * How many contacts (live, in the bin or merged) are connected to a company, and the first
 * `limit` of them, live ones first: what keeps it from being deleted.
 */
export async function connectedContacts(
  db: Executor,
  p: { workspaceId: string; companyId: string; limit: number },
): Promise<{ total: number; contacts: ConnectedContact[] }> {
  const [row] = await queryRows<{ total: number; contacts: ConnectedContact[] }>(
    db,
    sql`select
      (select count(*)::int from contact_connections cc
        where cc.workspace_id = ${p.workspaceId} and cc.company_id = ${p.companyId}) as total,
      coalesce((select json_agg(json_build_object('id', x.id, 'name', x.name, 'deleted', x.deleted)
                                order by x.deleted, x.id)
        from (select c.id,
                coalesce(nullif(concat_ws(' ', c.first_name, c.last_name), ''), c.email, '(no name)') as name,
                c.deleted_at is not null as deleted
              from contact_connections cc
              join contacts c on c.workspace_id = cc.workspace_id and c.id = cc.contact_id
              where cc.workspace_id = ${p.workspaceId} and cc.company_id = ${p.companyId}
              order by c.deleted_at is not null, c.id
              limit ${p.limit}) x), '[]'::json) as contacts`,
  );
  return row ?? { total: 0, contacts: [] };
}

/**
 * Deletes a company and records the deletion in its history, in one statement. Call it in
 * the transaction that locked the row and found no contact connected (the foreign key of
 * contact_connections refuses it otherwise). Null when there was no such company.
 */
export async function deleteCompanyWithHistory(
  tx: Executor,
  p: { workspaceId: string; id: string; actor: HistoryActorColumns },
): Promise<{ deletedAt: string } | null> {
  const [row] = await queryRows<{ deletedAt: string }>(
    tx,
    sql`with t as (select clock_timestamp() as at),
      d as (delete from companies where workspace_id = ${p.workspaceId} and id = ${p.id} returning *),
      dd as (select d.*, t.at as deleted_at from d, t),
      h as (${insertCompanyHistoryFrom("dd", {
        type: "company.deleted",
        actor: p.actor,
        at: sql.raw("dd.deleted_at"),
        version: sql.raw("dd.version + 1"),
        changes: sql`jsonb_build_object('deletedAt', jsonb_build_object('from', null, 'to', ${isoTimestamp(sql.raw("dd.deleted_at"))}))`,
      })})
      select ${isoTimestamp(sql.raw("dd.deleted_at"))} as "deletedAt" from dd`,
  );
  return row ?? null;
}
