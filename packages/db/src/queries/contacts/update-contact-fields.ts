import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactColumnValues, eachColumn, patchedValue } from "./contact-columns";
import { type ContactRecord, contactJson } from "./contact-record";
import { historyIdAt } from "./history-id";
import type { HistoryWrite } from "./write-contact";

/** A patch of the contact's own columns only: the lists stay as they are. */
export type ContactFieldsPatch = Partial<ContactColumnValues>;

const PATCHED_VALUES = eachColumn((k, col, cast) => `${patchedValue(k, col, cast, "o")} as ${col}`);
const FROM_TO_PAIRS = eachColumn(
  (k, col) => `('${k}', coalesce(to_jsonb(o.${col}), 'null'), coalesce(to_jsonb(n.${col}), 'null'))`,
);
const SET_COLUMNS_FROM_OK = eachColumn((_k, col) => `${col} = ok.${col}`);

export type ContactFieldsOutcome =
  | { outcome: "not_found" }
  /** `expectedVersion` was given and the contact is at another one. */
  | { outcome: "version_mismatch"; currentVersion: number }
  /** Nothing would change: nothing was written. */
  | { outcome: "unchanged"; contact: ContactRecord }
  | { outcome: "updated"; contact: ContactRecord }
  /** Another write changed the contact after this statement read it: nothing was written. */
  | { outcome: "stale" };

interface Row {
  version: number | null;
  changed: boolean | null;
  updated: ContactRecord | null;
  current: ContactRecord | null;
}

/**
 * contact.update for a patch without lists, in ONE statement (one round trip, atomic without
 * BEGIN/COMMIT): it reads the stored row, applies the patch, decides in the database whether
 * anything changes, and only then updates the row and writes the history entry (each changed
 * field's `from` and `to`), guarded by the version it read. A concurrent writer that commits
 * in between bumps the version, so the guard fails and the outcome is "stale". A patch that
 * would leave no identity field fails on the contacts_identity_check constraint.
 */
export async function updateContactFields(
  db: Executor,
  p: {
    workspaceId: string;
    contactId: string;
    expectedVersion: number | undefined;
    fields: ContactFieldsPatch;
    history: Omit<HistoryWrite, "changes">;
  },
): Promise<ContactFieldsOutcome> {
  const ws = p.workspaceId;
  const id = p.contactId;
  const h = p.history;
  const rows = await queryRows<Row>(
    db,
    sql`with p as (select ${JSON.stringify(p.fields)}::jsonb as j),
old as (select c.* from contacts c where c.workspace_id = ${ws} and c.id = ${id} and c.deleted_at is null),
nv as (
  select o.version,
    ${PATCHED_VALUES}
  from old o, p
),
ch as (
  select coalesce(jsonb_object_agg(d.k, jsonb_build_object('from', d.f, 'to', d.t)), '{}'::jsonb) as changes
    from old o, nv n, lateral (values
      ${FROM_TO_PAIRS}
    ) as d(k, f, t)
   where d.f <> d.t
),
ok as (
  select n.*, ch.changes from nv n, ch
   where (${p.expectedVersion ?? null}::int is null or n.version = ${p.expectedVersion ?? null}::int)
     and ch.changes <> '{}'::jsonb
),
upd as (
  update contacts c set
    ${SET_COLUMNS_FROM_OK},
    version = c.version + 1,
    -- Taken now, after this statement's snapshot saw the previous write committed (the
    -- statement's own start time could be earlier than that commit), so times and history
    -- ids follow the versions.
    updated_at = clock_timestamp()
  from ok
  where c.workspace_id = ${ws} and c.id = ${id} and c.version = ok.version and c.deleted_at is null
  returning c.*
),
hist as (
  insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes)
  select ${ws}, ${historyIdAt(sql.raw("u.updated_at"))}, ${id}, u.version, 'contact.updated', u.updated_at, ${h.actorType}, ${h.actorId}, ${h.actorName}, ok.changes
    from upd u, ok
  returning 1
)
select
  (select version from old) as version,
  (select changes <> '{}'::jsonb from ch) as changed,
  (select ${contactJson} from upd c) as updated,
  (select ${contactJson} from old c where not exists (select 1 from ok)) as current`,
  );
  const row = rows[0];
  if (!row || row.version === null) return { outcome: "not_found" };
  if (p.expectedVersion !== undefined && p.expectedVersion !== row.version)
    return { outcome: "version_mismatch", currentVersion: row.version };
  if (row.updated) return { outcome: "updated", contact: row.updated };
  if (!row.changed && row.current) return { outcome: "unchanged", contact: row.current };
  return { outcome: "stale" };
}
