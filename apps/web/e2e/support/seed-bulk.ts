import { type Database, newId, schema } from "@contacts/db";

/**
 * Many plain contacts in one workspace, inserted in a few statements (the service path would
 * take a minute for a thousand): enough to page through and to see the list stay fast.
 */
export async function seedBulkContacts(db: Database, workspaceId: string, count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({
    workspaceId,
    id: newId(),
    firstName: `Bulk${String(i).padStart(4, "0")}`,
    lastName: "Investor",
    email: `bulk${i}@funds.example`,
    tags: i % 2 ? ["Bulk"] : ["Bulk", "Even"],
    tagKeys: i % 2 ? ["bulk"] : ["bulk", "even"],
  }));
  for (let i = 0; i < rows.length; i += 250) {
    await db.insert(schema.contacts).values(rows.slice(i, i + 250));
  }
}
