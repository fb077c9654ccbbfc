import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { eachColumn } from "./contact-columns";
import { isoTimestamp } from "./contact-record";
import { historyIdAt } from "./history-id";
import type { HistoryWrite } from "./write-contact";

/**
 * History keys that hold no personal data: the lifecycle's own (when, and which contact a
 * merge joined). Every other key of an erased contact's history entries is a field of the
 * person and has its values redacted; the key stays, so the timeline still says what changed.
 */
export const LIFECYCLE_HISTORY_KEYS = ["deletedAt", "mergedInto", "mergedFrom", "erasedAt"] as const;

/** What an erased value reads as in history and the feed. */
export const ERASED_VALUE = "[erased]";

const CLEAR_COLUMNS = eachColumn((_k, col) => `${col} = null`);

/**
 * Erases a contact's personal data for good, in ONE statement guarded by the version read
 * under the row lock: every scalar field nulled, tags, connections, external references and
 * the references freed by a deletion removed, the row kept as a tombstone (`erased_at`, and
 * deleted if it was not), every history entry of the contact rewritten with its values
 * redacted, and a `contact.erased` entry written. Null when the guard failed.
 */
export async function eraseContactData(
  db: Executor,
  p: { workspaceId: string; contactId: string; readVersion: number; history: Omit<HistoryWrite, "changes"> },
): Promise<{ version: number; erasedAt: string } | null> {
  const ws = p.workspaceId;
  const id = p.contactId;
  const h = p.history;
  const redacted = JSON.stringify({ from: ERASED_VALUE, to: ERASED_VALUE });
  const rows = await queryRows<{ version: number; erasedAt: string }>(
    db,
    sql`with upd as (
  update contacts c set
    ${CLEAR_COLUMNS},
    tags = '{}'::text[],
    tag_keys = '{}'::text[],
    deleted_refs = null,
    erased_at = statement_timestamp(),
    deleted_at = coalesce(c.deleted_at, statement_timestamp()),
    version = c.version + 1,
    updated_at = statement_timestamp()
  where c.workspace_id = ${ws} and c.id = ${id} and c.version = ${p.readVersion} and c.erased_at is null
  returning c.version, c.updated_at
),
del_conn as (
  delete from contact_connections cc
   where cc.workspace_id = ${ws} and cc.contact_id = ${id} and exists (select 1 from upd)
  returning 1
),
del_refs as (
  delete from contact_external_refs r
   where r.workspace_id = ${ws} and r.contact_id = ${id} and exists (select 1 from upd)
  returning 1
),
redact as (
  update contact_history hh set changes = (
      select coalesce(jsonb_object_agg(k.key,
               case when k.key = any(${sql.raw(`array[${LIFECYCLE_HISTORY_KEYS.map((k) => `'${k}'`).join(", ")}]`)})
                    then k.value else ${redacted}::jsonb end), '{}'::jsonb)
        from jsonb_each(hh.changes) k)
   where hh.workspace_id = ${ws} and hh.contact_id = ${id} and exists (select 1 from upd)
  returning 1
),
hist as (
  insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes)
  select ${ws}, ${historyIdAt(sql.raw("u.updated_at"))}, ${id}, u.version, 'contact.erased', u.updated_at, ${h.actorType}, ${h.actorId}, ${h.actorName},
         jsonb_build_object('erasedAt', jsonb_build_object('from', null, 'to', to_jsonb(${isoTimestamp(sql.raw("u.updated_at"))})))
    from upd u
  returning 1
)
select u.version, ${isoTimestamp(sql.raw("u.updated_at"))} as "erasedAt" from upd u`,
  );
  return rows[0] ?? null;
}

/**
 * Stored idempotent responses of the workspace that hold any of `needles` (the contact's id,
 * email, phone...): their bodies are dropped, as for a response that held a secret, so a
 * retry with the key answers that the request ran (409) without the erased data, and never
 * runs it again. Answers how many were dropped.
 */
export async function forgetIdempotentResponsesHolding(
  db: Executor,
  workspaceId: string,
  needles: readonly string[],
): Promise<number> {
  if (needles.length === 0) return 0;
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with dropped as (
          update idempotency_keys k set response_body = null
           where k.workspace_id = ${workspaceId} and k.response_body is not null
             and exists (select 1 from jsonb_array_elements_text(${JSON.stringify(needles)}::jsonb) n(v)
                          where strpos(lower(k.response_body), lower(n.v)) > 0)
          returning 1)
        select count(*)::int as n from dropped`,
  );
  return rows[0]?.n ?? 0;
}
