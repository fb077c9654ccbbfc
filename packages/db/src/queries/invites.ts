import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { invites, users } from "../schema";

export type InviteRow = typeof invites.$inferSelect;

export async function insertInvite(
  db: Executor,
  row: {
    workspaceId: string;
    id: string;
    tokenHash: string;
    role: string;
    invitedBy: string | null;
    expiresAt: Date;
  },
): Promise<InviteRow> {
  const [created] = await db.insert(invites).values(row).returning();
  if (!created) throw new Error("insertInvite returned nothing");
  return created;
}

/** Neither accepted nor revoked, and not expired at `now`. */
const pending = (now: Date) =>
  and(isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now));

/** A workspace's pending invites, newest first, with the name of who made each. */
export function listPendingInviteRows(db: Executor, workspaceId: string, now = new Date()) {
  return db
    .select({
      id: invites.id,
      role: invites.role,
      invitedById: invites.invitedBy,
      invitedByName: users.name,
      createdAt: invites.createdAt,
      expiresAt: invites.expiresAt,
    })
    .from(invites)
    .leftJoin(users, and(eq(users.workspaceId, invites.workspaceId), eq(users.id, invites.invitedBy)))
    .where(and(eq(invites.workspaceId, workspaceId), pending(now)))
    .orderBy(desc(invites.createdAt), desc(invites.id));
}

/** Revokes a pending invite of the workspace; false when there is none by that id. */
export async function revokeInviteRow(
  db: Executor,
  workspaceId: string,
  id: string,
  now = new Date(),
): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.workspaceId, workspaceId), eq(invites.id, id), pending(now)))
    .returning({ id: invites.id });
  return rows.length > 0;
}

/** The invite with this token hash, locked until the transaction ends (one acceptance at a time). */
export async function lockInviteByTokenHash(tx: Executor, tokenHash: string): Promise<InviteRow | null> {
  const [row] = await tx.select().from(invites).where(eq(invites.tokenHash, tokenHash)).for("update");
  return row ?? null;
}

export async function markInviteAccepted(
  tx: Executor,
  workspaceId: string,
  id: string,
  userId: string,
): Promise<void> {
  await tx
    .update(invites)
    .set({ acceptedAt: sql`now()`, acceptedBy: userId })
    .where(and(eq(invites.workspaceId, workspaceId), eq(invites.id, id)));
}
