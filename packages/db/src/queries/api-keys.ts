import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { queryRows } from "../rows";
import { apiKeys } from "../schema";

/** NOTIFY channel of revoked keys; the payload is `<workspace id>:<key id>`. */
export const API_KEY_REVOKED_CHANNEL = "contacts_api_key_revoked";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  db: Executor,
  row: {
    workspaceId: string;
    id: string;
    name: string;
    keyHash: string;
    keyPrefix: string;
    scopes: string[] | null;
  },
) {
  const [created] = await db.insert(apiKeys).values(row).returning();
  if (!created) throw new Error("insertApiKey returned nothing");
  return created;
}

/** The live (not revoked) key with this hash in this workspace. */
export async function findLiveApiKey(db: Executor, workspaceId: string, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, workspaceId: apiKeys.workspaceId, scopes: apiKeys.scopes })
    .from(apiKeys)
    .where(
      and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)),
    );
  return row ?? null;
}

export function listApiKeyRows(db: Executor, workspaceId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      keyPrefix: apiKeys.keyPrefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
}

/**
 * Revokes a key; answers false when no live key has that id in the workspace. The same
 * statement notifies every server process (API_KEY_REVOKED_CHANNEL), delivered when it
 * commits, so those that cached the key as verified drop it at once.
 */
export async function revokeApiKeyRow(db: Executor, workspaceId: string, id: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with revoked as (
  update ${apiKeys} set revoked_at = now()
   where ${apiKeys.workspaceId} = ${workspaceId} and ${apiKeys.id} = ${id} and ${apiKeys.revokedAt} is null
  returning id, workspace_id
)
select id, pg_notify(${API_KEY_REVOKED_CHANNEL}, workspace_id || ':' || id) from revoked`,
  );
  return rows.length > 0;
}
