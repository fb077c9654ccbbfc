import type { ChangePasswordRequest } from "@contacts/contracts";
import {
  type Database,
  deleteOtherSessions,
  findWorkspaceCredentialAccount,
  setUserPasswordHash,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ValidationError } from "../../errors";
import { hashPassword, verifyPassword } from "./password";

/**
 * Changes the signed-in person's password and ends their other sessions, in one transaction:
 * whoever else held a session (a lost laptop, a shared machine) is signed out by the change.
 * Works on better-auth's tables with the same hash functions better-auth is configured with
 * (apps/web/src/server/auth.ts), so the API and its tests need no better-auth.
 */
export async function changePassword(
  db: Database,
  actor: Actor,
  input: ChangePasswordRequest,
): Promise<{ signedOut: number }> {
  const account = await findWorkspaceCredentialAccount(db, actor.workspaceId, actor.id);
  const correct =
    account?.password != null &&
    (await verifyPassword({ hash: account.password, password: input.currentPassword }));
  if (!correct) {
    throw new ValidationError(
      [{ path: ["currentPassword"], message: "This is not your current password" }],
      "WRONG_PASSWORD",
    );
  }
  const hash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await setUserPasswordHash(tx, actor.workspaceId, actor.id, hash);
    return { signedOut: await deleteOtherSessions(tx, actor.workspaceId, actor.id, actor.sessionId) };
  });
}

/** Ends every session of the signed-in person but the one they call with. */
export async function signOutOtherSessions(db: Database, actor: Actor): Promise<{ signedOut: number }> {
  return { signedOut: await deleteOtherSessions(db, actor.workspaceId, actor.id, actor.sessionId) };
}
