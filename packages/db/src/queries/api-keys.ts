import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../client";
import { apiKeys } from "../schema";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  db: Executor,
  row: { workspaceId: string; id: string; name: string; keyHash: string; keyPrefix: string },
) {
  const [created] = await db.insert(apiKeys).values(row).returning();
  if (!created) throw new Error("insertApiKey returned nothing");
  return created;
}

/** The live (not revoked) key with this hash in this workspace. */
export async function findLiveApiKey(db: Executor, workspaceId: string, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, workspaceId: apiKeys.workspaceId })
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
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes a key; answers false when no live key has that id in the workspace. */
export async function revokeApiKeyRow(db: Executor, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
