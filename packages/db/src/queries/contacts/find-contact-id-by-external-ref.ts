import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";

/**
 * The id and version of the contact holding (namespace, id), or null: an index lookup, not
 * the whole contact, for writes that read the contact again anyway (upserts).
 */
export async function findContactIdByExternalRef(
  db: Executor,
  workspaceId: string,
  ref: { namespace: string; id: string },
): Promise<{ id: string; version: number } | null> {
  const rows = await queryRows<{ id: string; version: number }>(
    db,
    sql`select c.id, c.version from contact_external_refs r
          join contacts c on c.workspace_id = r.workspace_id and c.id = r.contact_id
         where c.deleted_at is null and r.workspace_id = ${workspaceId} and r.namespace = ${ref.namespace} and r.external_id = ${ref.id}`,
  );
  return rows[0] ?? null;
}
