import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { isoTimestamp } from "./contact-record";

export interface HistoryRecord {
  id: string;
  /** The change feed's type of the write (`contact.created`, `contact.deleted`, ...). */
  type: string;
  at: string;
  actor: { type: string; id: string; name: string };
  changes: Record<string, { from: unknown; to: unknown }>;
}

/**
 * A page of a contact's history, newest first, and whether the contact exists at all (a
 * contact with no page still answers an empty list, a missing one NOT_FOUND). One round trip.
 */
export async function listContactHistory(
  db: Executor,
  p: { workspaceId: string; contactId: string; beforeId?: string | undefined; limit: number },
): Promise<{ exists: boolean; items: HistoryRecord[] }> {
  const rows = await queryRows<{ exists: boolean; items: HistoryRecord[] }>(
    db,
    sql`select
      exists (select 1 from contacts c where c.workspace_id = ${p.workspaceId} and c.id = ${p.contactId}) as exists,
      coalesce((select json_agg(json_build_object(
          'id', h.id,
          'type', h.type,
          'at', ${isoTimestamp(sql.raw("h.at"))},
          'actor', json_build_object('type', h.actor_type, 'id', h.actor_id, 'name', h.actor_name),
          'changes', h.changes) order by h.id desc)
        from (select * from contact_history h
               where h.workspace_id = ${p.workspaceId} and h.contact_id = ${p.contactId}
                 ${p.beforeId === undefined ? sql`` : sql`and h.id < ${p.beforeId}`}
               -- nulls last as the index is declared (drizzle's desc()): with the default
               -- (nulls first) the index cannot give this order, and a contact with 10,000
               -- entries sorted them all or walked the workspace's history (23 ms → 0.3 ms).
               order by h.id desc nulls last
               limit ${p.limit}) h), '[]'::json) as items`,
  );
  return rows[0] ?? { exists: false, items: [] };
}
