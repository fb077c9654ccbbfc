import { eq } from "drizzle-orm";
import type { Executor } from "../client";
import { workspaces } from "../schema";

export type WorkspaceRow = typeof workspaces.$inferSelect;

export async function insertWorkspace(db: Executor, row: { id: string; slug: string; name: string }) {
  const [created] = await db.insert(workspaces).values(row).returning();
  if (!created) throw new Error("insertWorkspace returned nothing");
  return created;
}

export async function findWorkspaceBySlug(db: Executor, slug: string) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));
  return row ?? null;
}

export function listWorkspaceRows(db: Executor) {
  return db.select().from(workspaces).orderBy(workspaces.createdAt);
}
