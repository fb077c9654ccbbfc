import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Database, Executor } from "../client";
import { accounts, sessions, users } from "../schema";

export type UserRow = typeof users.$inferSelect;

/** better-auth's provider id for email + password sign-in; the account id is the user id. */
export const CREDENTIAL_PROVIDER = "credential";

/** A user and their password account, in one transaction (a savepoint inside another). */
export async function insertUserWithPassword(
  db: Executor,
  row: {
    workspaceId: string;
    id: string;
    accountId: string;
    email: string;
    name: string;
    role: string;
    passwordHash: string;
  },
): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ workspaceId: row.workspaceId, id: row.id, email: row.email, name: row.name, role: row.role })
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

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | null> {
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
  db: Executor,
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

/** A user's own credential account in their workspace, for checking their password. */
export async function findWorkspaceCredentialAccount(db: Executor, workspaceId: string, userId: string) {
  const [row] = await db
    .select({ password: accounts.password })
    .from(accounts)
    .where(
      and(
        eq(accounts.workspaceId, workspaceId),
        eq(accounts.userId, userId),
        eq(accounts.providerId, CREDENTIAL_PROVIDER),
      ),
    );
  return row ?? null;
}

/** The people of a workspace, oldest first. */
export function listUserRows(db: Executor, workspaceId: string) {
  return db
    .select()
    .from(users)
    .where(eq(users.workspaceId, workspaceId))
    .orderBy(asc(users.createdAt), asc(users.id));
}

export async function findUser(db: Executor, workspaceId: string, userId: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
  return row ?? null;
}

/**
 * The ids of a workspace's admins, locked until the transaction ends: two admins demoting or
 * removing each other at once serialize here, so the second sees the first's change and the
 * workspace always keeps one admin.
 */
export async function lockAdminIds(tx: Executor, workspaceId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, "admin")))
    .orderBy(asc(users.id))
    .for("update");
  return rows.map((r) => r.id);
}

export async function updateUserRole(
  db: Executor,
  workspaceId: string,
  userId: string,
  role: string,
): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ role, updatedAt: new Date() })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)))
    .returning();
  return row ?? null;
}

/** Deletes a user; their sessions and accounts go with them (foreign keys cascade). */
export async function deleteUserRow(db: Executor, workspaceId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Ends every session of a user but `keepSessionId` (all of them without one); how many ended. */
export async function deleteOtherSessions(
  db: Executor,
  workspaceId: string,
  userId: string,
  keepSessionId: string | undefined,
): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.workspaceId, workspaceId),
        eq(sessions.userId, userId),
        keepSessionId ? ne(sessions.id, keepSessionId) : sql`true`,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
