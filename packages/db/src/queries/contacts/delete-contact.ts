import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { isoTimestamp } from "./contact-record";
import { historyIdAt } from "./history-id";
import type { HistoryWrite } from "./write-contact";

/**
 * Moves a live contact to the bin, in ONE statement guarded by the version the caller read
 * (under the row lock): `deleted_at` set, its external references moved off the contact into
 * `deleted_refs` (so another contact may take them meanwhile), the version bumped and one
 * history entry written with the new version, of type `contact.deleted`, or `contact.merged`
 * when `mergedInto` names the survivor of a merge. Contacts merged into this one before are
 * pointed at the survivor too, so `get` of any of them is one hop. Answers null when the
 * guard failed (nothing written).
 */
export async function markContactDeleted(
  db: Executor,
  p: {
    workspaceId: string;
    contactId: string;
    readVersion: number;
    mergedInto?: string;
    history: Omit<HistoryWrite, "changes">;
  },
): Promise<{ version: number; deletedAt: string } | null> {
  const ws = p.workspaceId;
  const id = p.contactId;
  const h = p.history;
  const mergedInto = p.mergedInto ?? null;
  const type = p.mergedInto === undefined ? "contact.deleted" : "contact.merged";
  const rows = await queryRows<{ version: number; deletedAt: string }>(
    db,
    sql`with refs as (
  select coalesce(jsonb_agg(jsonb_build_object('namespace', r.namespace, 'id', r.external_id) order by r.position), '[]'::jsonb) as list
    from contact_external_refs r
   where r.workspace_id = ${ws} and r.contact_id = ${id}
),
upd as (
  update contacts c set
    deleted_at = statement_timestamp(),
    merged_into = ${mergedInto}::text,
    deleted_refs = case when ${mergedInto}::text is null then refs.list end,
    version = c.version + 1,
    updated_at = statement_timestamp()
  from refs
  where c.workspace_id = ${ws} and c.id = ${id} and c.version = ${p.readVersion} and c.deleted_at is null
  returning c.version, c.updated_at
),
del_refs as (
  delete from contact_external_refs r
   where r.workspace_id = ${ws} and r.contact_id = ${id} and exists (select 1 from upd)
  returning 1
),
repoint as (
  update contacts m set merged_into = ${mergedInto}::text
   where ${mergedInto}::text is not null and m.workspace_id = ${ws} and m.merged_into = ${id}
     and exists (select 1 from upd)
  returning 1
),
hist as (
  insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes)
  select ${ws}, ${historyIdAt(sql.raw("u.updated_at"))}, ${id}, u.version, ${type}, u.updated_at, ${h.actorType}, ${h.actorId}, ${h.actorName},
         jsonb_build_object('deletedAt', jsonb_build_object('from', null, 'to', to_jsonb(${isoTimestamp(sql.raw("u.updated_at"))})))
         || case when refs.list = '[]'::jsonb then '{}'::jsonb
                 else jsonb_build_object('externalRefs', jsonb_build_object('from', refs.list, 'to', '[]'::jsonb)) end
         || case when ${mergedInto}::text is null then '{}'::jsonb
                 else jsonb_build_object('mergedInto', jsonb_build_object('from', null, 'to', ${mergedInto}::text)) end
    from upd u, refs
  returning 1
)
select u.version, ${isoTimestamp(sql.raw("u.updated_at"))} as "deletedAt" from upd u`,
  );
  return rows[0] ?? null;
}
