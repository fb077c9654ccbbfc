import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";

/** Takes the contact's row lock for the rest of the transaction (the contended path). */
export async function lockContact(db: Executor, workspaceId: string, contactId: string): Promise<void> {
  await db.execute(
    sql`select 1 from contacts where workspace_id = ${workspaceId} and id = ${contactId} for update`,
  );
}

/**
 * Takes the row locks of many contacts for the rest of the transaction, in id order so two
 * batches touching the same contacts cannot deadlock. One round trip. Answers the ids found.
 */
export async function lockContacts(
  db: Executor,
  workspaceId: string,
  contactIds: string[],
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select c.id from contacts c
         where c.workspace_id = ${workspaceId}
           and c.id in (select jsonb_array_elements_text(${JSON.stringify(contactIds)}::jsonb))
         order by c.id
           for update`,
  );
  return rows.map((r) => r.id);
}
