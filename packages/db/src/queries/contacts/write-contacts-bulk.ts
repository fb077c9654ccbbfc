import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactColumnValues, eachColumn } from "./contact-columns";
import { isoTimestamp } from "./contact-record";
import { historyIdAt } from "./history-id";
import type { HistoryWrite } from "./write-contact";

/**
 * One contact of a bulk write: its whole next state (not a patch: the caller read the stored
 * one and decided), and the lists to replace, which are present only when they change.
 */
export interface BulkContactWrite {
  id: string;
  /** An update is applied only while the stored version is still `readVersion`. */
  kind: "insert" | "update";
  readVersion: number;
  fields: ContactColumnValues & {
    tags: string[];
    connections?: { companyId: string; jobTitle: string | null; primary: boolean }[];
    externalRefs?: { namespace: string; id: string }[];
  };
  changes: HistoryWrite["changes"];
}

const COLUMN_NAMES = eachColumn((_k, col) => col);
const VALUES_FROM_ROW = eachColumn((k, _col, cast) => `(w.f->>'${k}')${cast}`);
const SET_FROM_ROW = eachColumn((k, col, cast) => `${col} = (w.f->>'${k}')${cast}`);

/** The rows travel as one JSON parameter; list items get their positions here. */
const toRowsJson = (rows: BulkContactWrite[]) =>
  JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      readVersion: r.readVersion,
      changes: r.changes,
      f: {
        ...r.fields,
        ...(r.fields.connections && {
          connections: r.fields.connections.map((c, position) => ({ ...c, position })),
        }),
        ...(r.fields.externalRefs && {
          externalRefs: r.fields.externalRefs.map((x, position) => ({ ...x, position })),
        }),
      },
    })),
  );

/**
 * Writes a batch of contacts in ONE statement, whatever its size: the updated rows (each
 * guarded by the version it was read at), the inserted rows, their replaced lists and one
 * history entry each (the change feed's entry and the webhooks' outbox). An update whose
 * contact moved since it was read is not applied and not returned; the caller reads it again.
 * Each list's deletes run to completion before its inserts (`count(*) >= 0`), so a reference
 * moving from one contact of the batch to another never trips the unique index. Atomic: a
 * constraint violation (a reference or company changed by a concurrent writer) writes nothing.
 */
export async function writeContactsBulk(
  db: Executor,
  p: { workspaceId: string; rows: BulkContactWrite[]; actor: Omit<HistoryWrite, "changes"> },
): Promise<{ id: string; version: number; updatedAt: string }[]> {
  const ws = p.workspaceId;
  const a = p.actor;
  // Ids as index conditions (see upd below): the updates, and those replacing each list.
  const updates = p.rows.filter((r) => r.kind === "update");
  const updateIds = updates.map((r) => r.id);
  const replacingConnections = updates.filter((r) => r.fields.connections).map((r) => r.id);
  const replacingRefs = updates.filter((r) => r.fields.externalRefs).map((r) => r.id);
  return queryRows(
    db,
    sql`with w as (
  select x.id, x.kind, x."readVersion" as read_version, x.f, x.changes
    from jsonb_to_recordset(${toRowsJson(p.rows)}::jsonb)
      as x(id text, kind text, "readVersion" int, f jsonb, changes jsonb)
),
upd as (
  update contacts c set
    ${SET_FROM_ROW},
    tags = array(select jsonb_array_elements_text(w.f->'tags')),
    tag_keys = array(select lower(jsonb_array_elements_text(w.f->'tags'))),
    version = c.version + 1,
    updated_at = clock_timestamp()
  from w
  where w.kind = 'update' and c.workspace_id = ${ws} and c.id = w.id
    -- The ids as an index condition too: the planner cannot estimate the JSON rows, and once
    -- chose to walk every contact of the workspace against them (slower with each batch).
    and c.id = any(array(select jsonb_array_elements_text(${JSON.stringify(updateIds)}::jsonb)))
    and c.version = w.read_version and c.deleted_at is null
  returning c.id, c.version, c.updated_at
),
ins as (
  insert into contacts (workspace_id, id, ${COLUMN_NAMES}, tags, tag_keys)
  select ${ws}, w.id, ${VALUES_FROM_ROW},
         array(select jsonb_array_elements_text(w.f->'tags')),
         array(select lower(jsonb_array_elements_text(w.f->'tags')))
    from w where w.kind = 'insert'
  returning id, version, updated_at
),
done as (
  select d.id, d.version, d.updated_at, w.kind, w.f, w.changes
    from (select * from upd union all select * from ins) d join w on w.id = d.id
),
del_conn as (
  delete from contact_connections cc using done d
   where d.kind = 'update' and d.f ? 'connections' and cc.workspace_id = ${ws} and cc.contact_id = d.id
     and cc.contact_id = any(array(select jsonb_array_elements_text(${JSON.stringify(replacingConnections)}::jsonb)))
  returning 1
),
ins_conn as (
  insert into contact_connections (workspace_id, contact_id, company_id, position, job_title, is_primary)
  select ${ws}, d.id, x."companyId", x.position, x."jobTitle", x.primary
    from done d, jsonb_to_recordset(d.f->'connections')
      as x("companyId" text, position int, "jobTitle" text, "primary" boolean)
   where d.f ? 'connections' and (select count(*) from del_conn) >= 0
  returning 1
),
del_refs as (
  delete from contact_external_refs r using done d
   where d.kind = 'update' and d.f ? 'externalRefs' and r.workspace_id = ${ws} and r.contact_id = d.id
     and r.contact_id = any(array(select jsonb_array_elements_text(${JSON.stringify(replacingRefs)}::jsonb)))
  returning 1
),
ins_refs as (
  insert into contact_external_refs (workspace_id, namespace, external_id, contact_id, position)
  select ${ws}, x.namespace, x.id, d.id, x.position
    from done d, jsonb_to_recordset(d.f->'externalRefs') as x(namespace text, id text, position int)
   where d.f ? 'externalRefs' and (select count(*) from del_refs) >= 0
  returning 1
),
hist as (
  insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes)
  select ${ws}, ${historyIdAt(sql.raw("d.updated_at"))}, d.id, d.version,
         case d.kind when 'insert' then 'contact.created' else 'contact.updated' end,
         d.updated_at, ${a.actorType}, ${a.actorId}, ${a.actorName}, d.changes
    from done d
  returning 1
)
select id, version, ${isoTimestamp(sql.raw("updated_at"))} as "updatedAt" from done`,
  );
}
