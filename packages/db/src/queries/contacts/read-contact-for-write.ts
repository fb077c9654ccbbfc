import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactRecord, contactJson } from "./contact-record";

export interface ReadForWriteParams {
  workspaceId: string;
  /** The contact to update, or the id a new contact will get. */
  contactId: string;
  /** Company ids the write will connect: which of them exist in the workspace? */
  companyIds: string[];
  /** External refs the write will hold: which are held by another contact? */
  externalRefs: { namespace: string; id: string }[];
}

export interface ReadForWriteResult {
  contact: ContactRecord | null;
  companies: { id: string; name: string }[];
  takenRefs: { namespace: string; id: string; contactId: string }[];
}

/**
 * Everything a write must know, in one round trip: the stored contact, the companies it
 * will reference and the external refs other contacts already hold. Arrays travel as one
 * JSON parameter so the statement text (and its prepared plan) never changes.
 */
export async function readContactForWrite(db: Executor, p: ReadForWriteParams): Promise<ReadForWriteResult> {
  const rows = await queryRows<ReadForWriteResult>(
    db,
    sql`select
      (select ${contactJson} from contacts c
         where c.workspace_id = ${p.workspaceId} and c.id = ${p.contactId} and c.deleted_at is null) as contact,
      (select coalesce(json_agg(json_build_object('id', co.id, 'name', co.name)), '[]'::json)
         from companies co
        where co.workspace_id = ${p.workspaceId}
          -- = any(array(…)): the ids as the primary key's index condition. As "in (select …)" the
          -- planner took the array for 100 rows and read every company of the workspace, and at
          -- scale replanned the statement on every call (0.8 ms) instead of using its generic plan.
          and co.id = any(array(select jsonb_array_elements_text(${JSON.stringify(p.companyIds)}::jsonb)))) as companies,
      (select coalesce(json_agg(json_build_object('namespace', r.namespace, 'id', r.external_id, 'contactId', r.contact_id)), '[]'::json)
         from contact_external_refs r
         join jsonb_to_recordset(${JSON.stringify(p.externalRefs)}::jsonb) as x(namespace text, id text)
           on r.namespace = x.namespace and r.external_id = x.id
        where r.workspace_id = ${p.workspaceId} and r.contact_id <> ${p.contactId}) as "takenRefs"`,
  );
  const row = rows[0];
  if (!row) throw new Error("readContactForWrite returned no row");
  return row;
}
