import type { ChangePasswordRequest } from "@contacts/contracts";
import {
  type Database,
  deleteOtherSessions,
  findUser,
  findWorkspaceCredentialAccount,
  setUserPasswordHash,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError, PasswordGuessesError, ValidationError } from "../../errors";
import { defaultSignInThrottle, type SignInThrottle } from "../../rate-limit/sign-in-throttle";
import { hashPassword, verifyPassword } from "./password";

/**
 * Changes the signed-in person's password and ends their other sessions, in one transaction:
 * whoever else held a session (a lost laptop, a shared machine) is signed out by the change.
 * Works on better-auth's tables with the same hash functions better-auth is configured with
 * (apps/web/src/server/auth.ts), so the API and its tests need no better-auth.
 *
 * A wrong current password counts as a failed sign-in of that email (the sign-in throttle):
 * a borrowed session cannot guess the password faster than a stranger at the sign-in form.
 */
export async function changePassword(
  db: Database,
  actor: Actor,
  input: ChangePasswordRequest,
  throttle: SignInThrottle = defaultSignInThrottle(),
): Promise<{ signedOut: number }> {
  const user = await findUser(db, actor.workspaceId, actor.id);
  if (!user) throw new NotFoundError("User");
  // The user's own bucket stands in for the client address: the session already says who it is.
  const attempt = { email: user.email, clientAddress: `user:${actor.workspaceId}:${actor.id}` };
  const admission = await throttle.admit(db, attempt);
  if (!admission.allowed) throw new PasswordGuessesError(admission.message);
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
  await throttle.succeeded(db, attempt);
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
