import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactRecord, contactJson } from "./contact-record";

type Ref = { namespace: string; id: string };

export interface BulkReadParams {
  workspaceId: string;
  /** Contacts named by id. */
  contactIds: string[];
  /** References whose holders are wanted whole (the targets of upserts by reference). */
  targetRefs: Ref[];
  /** References the writes will hold: who holds each now? */
  claimedRefs: Ref[];
  /** Company ids the writes will connect: which exist? */
  companyIds: string[];
}

export interface BulkReadResult {
  /** The live (not deleted) contacts named by id or holding a target ref. */
  contacts: ContactRecord[];
  /** Holders of the target and claimed refs. */
  holders: (Ref & { contactId: string })[];
  companies: { id: string; name: string }[];
}

/**
 * Everything a batch of writes must know, in ONE round trip whatever its size (the bulk
 * counterpart of readContactForWrite): the stored contacts, who holds each reference named,
 * and which companies exist. Arrays travel as one JSON parameter, so the statement text (and
 * its prepared plan) never changes.
 */
export async function readContactsForBulk(db: Executor, p: BulkReadParams): Promise<BulkReadResult> {
  const refs = JSON.stringify([...p.targetRefs, ...p.claimedRefs]);
  const rows = await queryRows<BulkReadResult>(
    db,
    sql`with held as (
  select distinct r.namespace, r.external_id, r.contact_id
    from contact_external_refs r
    join jsonb_to_recordset(${refs}::jsonb) as x(namespace text, id text)
      on r.namespace = x.namespace and r.external_id = x.id
   where r.workspace_id = ${p.workspaceId}
),
target as (
  select h.contact_id as id
    from held h
    join jsonb_to_recordset(${JSON.stringify(p.targetRefs)}::jsonb) as t(namespace text, id text)
      on h.namespace = t.namespace and h.external_id = t.id
  union
  select jsonb_array_elements_text(${JSON.stringify(p.contactIds)}::jsonb)
)
select
  (select coalesce(json_agg(${contactJson}), '[]'::json)
     from contacts c
    -- = any(array(…)): the ids as the primary key's index condition, whatever the estimates.
    where c.workspace_id = ${p.workspaceId} and c.id = any(array(select id from target)) and c.deleted_at is null) as contacts,
  (select coalesce(json_agg(json_build_object('namespace', h.namespace, 'id', h.external_id, 'contactId', h.contact_id)), '[]'::json)
     from held h) as holders,
  (select coalesce(json_agg(json_build_object('id', co.id, 'name', co.name)), '[]'::json)
     from companies co
    where co.workspace_id = ${p.workspaceId}
      and co.id = any(array(select jsonb_array_elements_text(${JSON.stringify(p.companyIds)}::jsonb)))) as companies`,
  );
  const row = rows[0];
  if (!row) throw new Error("readContactsForBulk returned no row");
  return row;
}
