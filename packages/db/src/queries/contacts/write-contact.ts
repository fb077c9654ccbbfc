import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactColumnValues, eachColumn, patchedValue } from "./contact-columns";
import { isoTimestamp } from "./contact-record";
import { historyIdAt } from "./history-id";

/**
 * The fields of a write, keyed as on the wire. A key that is present is written (null clears);
 * a key that is absent is left alone. Lists are whole lists, in order.
 */
export type ContactWriteFields = Partial<ContactColumnValues> & {
  tags?: string[];
  connections?: { companyId: string; jobTitle: string | null; primary: boolean }[];
  externalRefs?: { namespace: string; id: string }[];
};

/** The change feed's type of a write (the contract's CHANGE_TYPES). */
export type HistoryType =
  | "contact.created"
  | "contact.updated"
  | "contact.deleted"
  | "contact.restored"
  | "contact.merged"
  | "contact.erased";

/** Who made a write and what it changed; the entry's id and time come from the database. */
export interface HistoryWrite {
  actorType: string;
  actorId: string;
  actorName: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

const SET_COLUMNS_FROM_PATCH = eachColumn((k, col, cast) => `${col} = ${patchedValue(k, col, cast, "c")}`);
const COLUMN_NAMES = eachColumn((_k, col) => col);
const COLUMN_VALUES_FROM_PATCH = eachColumn((k, _col, cast) => `(p.j->>'${k}')${cast}`);

/** The write travels as one JSON parameter; lists get their positions here. */
function toPatchJson(fields: ContactWriteFields): string {
  return JSON.stringify({
    ...fields,
    ...(fields.connections && {
      connections: fields.connections.map((c, position) => ({ ...c, position })),
    }),
    ...(fields.externalRefs && {
      externalRefs: fields.externalRefs.map((r, position) => ({ ...r, position })),
    }),
  });
}

/**
 * Child-list replacement shared by update and create. `(select count(*) from del_…) >= 0`
 * makes each delete run to completion before its insert, so re-inserting a key the same
 * statement deleted does not trip the unique indexes.
 */
const listWrites = (workspaceId: string, contactId: string, anchor: ReturnType<typeof sql.raw>) => sql`
del_conn as (
  delete from contact_connections cc using p
   where p.j ? 'connections' and cc.workspace_id = ${workspaceId} and cc.contact_id = ${contactId}
     and exists (select 1 from ${anchor})
  returning 1
),
ins_conn as (
  insert into contact_connections (workspace_id, contact_id, company_id, position, job_title, is_primary)
  select ${workspaceId}, ${contactId}, x."companyId", x.position, x."jobTitle", x.primary
    from p, jsonb_to_recordset(p.j->'connections') as x("companyId" text, position int, "jobTitle" text, "primary" boolean)
   where p.j ? 'connections' and exists (select 1 from ${anchor}) and (select count(*) from del_conn) >= 0
  returning 1
),
del_refs as (
  delete from contact_external_refs r using p
   where p.j ? 'externalRefs' and r.workspace_id = ${workspaceId} and r.contact_id = ${contactId}
     and exists (select 1 from ${anchor})
  returning 1
),
ins_refs as (
  insert into contact_external_refs (workspace_id, namespace, external_id, contact_id, position)
  select ${workspaceId}, x.namespace, x.id, ${contactId}, x.position
    from p, jsonb_to_recordset(p.j->'externalRefs') as x(namespace text, id text, position int)
   where p.j ? 'externalRefs' and exists (select 1 from ${anchor}) and (select count(*) from del_refs) >= 0
  returning 1
)`;

const historyInsert = (
  workspaceId: string,
  contactId: string,
  h: HistoryWrite,
  type: HistoryType,
  anchor: ReturnType<typeof sql.raw>,
) => sql`
hist as (
  insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes)
  select ${workspaceId}, ${historyIdAt(sql.raw("a.updated_at"))}, ${contactId}, a.version, ${type}, a.updated_at, ${h.actorType}, ${h.actorId}, ${h.actorName}, ${JSON.stringify(h.changes)}::jsonb
    from ${anchor} a
  returning 1
)`;

/**
 * Applies an update in ONE statement (one round trip, atomic without BEGIN/COMMIT): the
 * contact row, the replaced lists and the history entry. It only writes while the stored
 * version is still `readVersion`; otherwise it writes nothing and returns null, and the
 * caller reads again. That guard is also why the lists' deletes, which see the statement's
 * snapshot, can never miss rows of a concurrent writer: any such writer bumped the version.
 */
export async function writeContactUpdate(
  db: Executor,
  p: {
    workspaceId: string;
    contactId: string;
    readVersion: number;
    fields: ContactWriteFields;
    history: HistoryWrite;
  },
): Promise<{ version: number; updatedAt: string } | null> {
  const ws = p.workspaceId;
  const id = p.contactId;
  const rows = await queryRows<{ version: number; updatedAt: string }>(
    db,
    sql`with p as (select ${toPatchJson(p.fields)}::jsonb as j),
upd as (
  update contacts c set
    ${SET_COLUMNS_FROM_PATCH},
    tags = case when p.j ? 'tags' then array(select jsonb_array_elements_text(p.j->'tags')) else c.tags end,
    tag_keys = case when p.j ? 'tags' then array(select lower(jsonb_array_elements_text(p.j->'tags'))) else c.tag_keys end,
    version = c.version + 1,
    updated_at = statement_timestamp()
  from p
  where c.workspace_id = ${ws} and c.id = ${id} and c.version = ${p.readVersion} and c.deleted_at is null
  returning c.version, c.updated_at
),
${listWrites(ws, id, sql.raw("upd"))},
${historyInsert(ws, id, p.history, "contact.updated", sql.raw("upd"))}
select version, ${isoTimestamp(sql.raw("updated_at"))} as "updatedAt" from upd`,
  );
  return rows[0] ?? null;
}

/** Inserts a new contact with its lists and its first history entry, in one statement. */
export async function insertContact(
  db: Executor,
  p: { workspaceId: string; contactId: string; fields: ContactWriteFields; history: HistoryWrite },
): Promise<{ createdAt: string }> {
  const ws = p.workspaceId;
  const id = p.contactId;
  const fields: ContactWriteFields = { connections: [], externalRefs: [], tags: [], ...p.fields };
  const rows = await queryRows<{ createdAt: string }>(
    db,
    sql`with p as (select ${toPatchJson(fields)}::jsonb as j),
ins as (
  insert into contacts (workspace_id, id, ${COLUMN_NAMES}, tags, tag_keys)
  select ${ws}, ${id}, ${COLUMN_VALUES_FROM_PATCH},
         array(select jsonb_array_elements_text(p.j->'tags')),
         array(select lower(jsonb_array_elements_text(p.j->'tags')))
    from p
  returning created_at, updated_at, version
),
${listWrites(ws, id, sql.raw("ins"))},
${historyInsert(ws, id, p.history, "contact.created", sql.raw("ins"))}
select ${isoTimestamp(sql.raw("created_at"))} as "createdAt" from ins`,
  );
  const row = rows[0];
  if (!row) throw new Error("insertContact returned no row");
  return row;
}
