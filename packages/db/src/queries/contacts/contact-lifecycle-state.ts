import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type ContactRecord, contactJson, isoTimestamp } from "./contact-record";

/** A stored contact with where it is in its life: live, in the bin, merged or erased. */
export interface ContactLifecycleState {
  id: string;
  version: number;
  /** ISO time of deletion (merged and erased contacts are deleted too), or null when live. */
  deletedAt: string | null;
  mergedInto: string | null;
  erasedAt: string | null;
  /** The references a deletion freed, in order, to be put back by a restore. */
  deletedRefs: { namespace: string; id: string }[] | null;
  record: ContactRecord;
}

/**
 * Locks the given contacts for the rest of the transaction, in id order (two writers of
 * overlapping sets cannot deadlock), and answers each with its lifecycle state, in id order.
 * Ids that do not exist in the workspace are left out. One round trip.
 */
export function lockContactStates(
  db: Executor,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<ContactLifecycleState[]> {
  return queryRows<ContactLifecycleState>(
    db,
    sql`select c.id, c.version,
               ${isoTimestamp(sql.raw("c.deleted_at"))} as "deletedAt",
               c.merged_into as "mergedInto",
               ${isoTimestamp(sql.raw("c.erased_at"))} as "erasedAt",
               c.deleted_refs as "deletedRefs",
               ${contactJson} as record
          from contacts c
         where c.workspace_id = ${workspaceId}
           and c.id = any(array(select jsonb_array_elements_text(${JSON.stringify(contactIds)}::jsonb)))
         order by c.id
           for update`,
  );
}
