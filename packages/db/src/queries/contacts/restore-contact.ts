import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { isoTimestamp } from "./contact-record";
import { historyIdAt } from "./history-id";
import type { HistoryWrite } from "./write-contact";

/** Which of `refs` another contact of the workspace holds now, with the holder. */
export function findRefHolders(
  db: Executor,
  workspaceId: string,
  refs: readonly { namespace: string; id: string }[],
): Promise<{ namespace: string; id: string; contactId: string }[]> {
  return queryRows(
    db,
    sql`select r.namespace, r.external_id as id, r.contact_id as "contactId"
          from contact_external_refs r
          join jsonb_to_recordset(${JSON.stringify(refs)}::jsonb) as x(namespace text, id text)
            on r.namespace = x.namespace and r.external_id = x.id
         where r.workspace_id = ${workspaceId}`,
  );
}

/**
 * Takes a contact out of the bin in ONE statement guarded by the version read under the row
 * lock: `deleted_at` cleared, the freed references put back in their order, the version
 * bumped and a `contact.restored` history entry written. Null when the guard failed. A
 * reference taken meanwhile fails the statement on the references' primary key (the caller
 * checks first, under the lock, and names the holder).
 */
export async function markContactRestored(
  db: Executor,
  p: {
    workspaceId: string;
    contactId: string;
    readVersion: number;
    refs: readonly { namespace: string; id: string }[];
    history: Omit<HistoryWrite, "changes">;
  },
): Promise<{ version: number } | null> {
  const ws = p.workspaceId;
  const id = p.contactId;
  const h = p.history;
  const rows = await queryRows<{ version: number }>(
    db,
    sql`with p as (select ${JSON.stringify(p.refs)}::jsonb as refs),
old as (select c.deleted_at from contacts c where c.workspace_id = ${ws} and c.id = ${id}),
upd as (
  update contacts c set deleted_at = null, deleted_refs = null, version = c.version + 1, updated_at = statement_timestamp()
   where c.workspace_id = ${ws} and c.id = ${id} and c.version = ${p.readVersion}
     and c.deleted_at is not null and c.merged_into is null and c.erased_at is null
  returning c.version, c.updated_at
),
ins_refs as (
  insert into contact_external_refs (workspace_id, namespace, external_id, contact_id, position)
  select ${ws}, x.value->>'namespace', x.value->>'id', ${id}, (x.n - 1)::int
    from p, jsonb_array_elements(p.refs) with ordinality as x(value, n)
   where exists (select 1 from upd)
  returning 1
),
hist as (
  insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes)
  select ${ws}, ${historyIdAt(sql.raw("u.updated_at"))}, ${id}, u.version, 'contact.restored', u.updated_at, ${h.actorType}, ${h.actorId}, ${h.actorName},
         jsonb_build_object('deletedAt', jsonb_build_object('from', to_jsonb(${isoTimestamp(sql.raw("o.deleted_at"))}), 'to', null))
         || case when p.refs = '[]'::jsonb then '{}'::jsonb
                 else jsonb_build_object('externalRefs', jsonb_build_object('from', '[]'::jsonb, 'to', p.refs)) end
    from upd u, old o, p
  returning 1
)
select version from upd`,
  );
  return rows[0] ?? null;
}
