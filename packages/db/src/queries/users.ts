import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { accounts, users } from "../schema";

export type UserRow = typeof users.$inferSelect;

/** better-auth's provider id for email + password sign-in; the account id is the user id. */
export const CREDENTIAL_PROVIDER = "credential";

/** A user and their password account, in one transaction. */
export async function insertUserWithPassword(
  db: Database,
  row: {
    workspaceId: string;
    id: string;
    accountId: string;
    email: string;
    name: string;
    passwordHash: string;
  },
): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ workspaceId: row.workspaceId, id: row.id, email: row.email, name: row.name })
      .returning();
    if (!user) throw new Error("insertUserWithPassword returned nothing");
    await tx.insert(accounts).values({
      workspaceId: row.workspaceId,
      id: row.accountId,
      userId: row.id,
      accountId: row.id,
      providerId: CREDENTIAL_PROVIDER,
      password: row.passwordHash,
    });
    return user;
  });
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row ?? null;
}

/** The workspace of a user, for rows better-auth creates without one (sessions, accounts). */
export async function findUserWorkspaceId(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ workspaceId: users.workspaceId }).from(users).where(eq(users.id, userId));
  return row?.workspaceId ?? null;
}

/** Replaces the password of a user's credential account; false when the user has none. */
export async function setUserPasswordHash(
  db: Database,
  workspaceId: string,
  userId: string,
  passwordHash: string,
): Promise<boolean> {
  const rows = await db
    .update(accounts)
    .set({ password: passwordHash, updatedAt: new Date() })
    .where(
      and(
        eq(accounts.workspaceId, workspaceId),
        eq(accounts.userId, userId),
        eq(accounts.providerId, CREDENTIAL_PROVIDER),
      ),
    )
    .returning({ id: accounts.id });
  return rows.length > 0;
}

/** The email + password account of a user (its `password` is the hash), or null. */
export async function findCredentialAccount(db: Database, userId: string) {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, CREDENTIAL_PROVIDER)));
  return row ?? null;
}
