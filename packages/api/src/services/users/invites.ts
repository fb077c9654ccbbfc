import { createHash, randomBytes } from "node:crypto";
import {
  type AcceptInviteRequest,
  type CreatedInvite,
  type CreateInviteRequest,
  INVITE_DAYS,
  type InviteSummary,
  roleOfStored,
} from "@contacts/contracts";
import {
  type Database,
  insertInvite,
  listPendingInviteRows,
  lockInviteByTokenHash,
  markInviteAccepted,
  newId,
  revokeInviteRow,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError, ValidationError } from "../../errors";
import { hashPassword } from "./password";
import { type CreatedUser, createUser } from "./users";

/** 256 random bits: as hard to guess as an API key, so a fast hash is enough to store. */
const newToken = () => `inv_${randomBytes(32).toString("base64url")}`;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const DAY_MS = 24 * 60 * 60 * 1000;

/** The web page that accepts an invite: the app puts its own origin in front. */
export const invitePath = (token: string) => `/invite/${encodeURIComponent(token)}`;

/**
 * Invites a person into the actor's workspace with a role. No email is sent yet: the answer is
 * the only time the token exists outside the invitee's hands (only its hash is stored).
 */
export async function createInvite(
  db: Database,
  actor: Actor,
  input: CreateInviteRequest,
  now = new Date(),
): Promise<CreatedInvite> {
  const token = newToken();
  const row = await insertInvite(db, {
    workspaceId: actor.workspaceId,
    id: newId(),
    tokenHash: hashToken(token),
    role: input.role,
    invitedBy: actor.type === "user" ? actor.id : null,
    expiresAt: new Date(now.getTime() + INVITE_DAYS * DAY_MS),
  });
  return {
    id: row.id,
    role: input.role,
    token,
    invitePath: invitePath(token),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** Invites of the workspace that can still be accepted, newest first. */
export async function listInvites(db: Database, actor: Actor): Promise<InviteSummary[]> {
  const rows = await listPendingInviteRows(db, actor.workspaceId);
  return rows.map((r) => ({
    id: r.id,
    role: roleOfStored(r.role),
    invitedBy: r.invitedById ? { id: r.invitedById, name: r.invitedByName ?? "A removed user" } : null,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}

/** Revokes a pending invite; one already accepted, revoked, expired or of another workspace is NOT_FOUND. */
export async function revokeInvite(db: Database, actor: Actor, id: string): Promise<{ id: string }> {
  if (!(await revokeInviteRow(db, actor.workspaceId, id))) throw new NotFoundError("Invite");
  return { id };
}

const invalidInvite = (message: string) =>
  new ValidationError([{ path: ["token"], message }], "INVITE_INVALID");

/**
 * Accepting an invite (no session: the token is the credential): makes the user in the
 * invite's workspace with its role and marks the invite used, in one transaction that holds
 * the invite's row, so a token makes exactly one user however often it is sent at once.
 * Signing the new user in is the web app's part (better-auth sets the cookie).
 */
export async function acceptInvite(
  db: Database,
  input: AcceptInviteRequest,
  now = new Date(),
): Promise<CreatedUser> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const invite = await lockInviteByTokenHash(tx, hashToken(input.token));
    if (!invite || invite.revokedAt) {
      throw invalidInvite("This invite link is not valid: it is mistyped or was revoked");
    }
    if (invite.acceptedAt) throw invalidInvite("This invite link was already used");
    if (invite.expiresAt <= now) throw invalidInvite("This invite link has expired; ask for a new one");
    const user = await createUser(
      tx,
      invite.workspaceId,
      { email: input.email, name: input.name, password: input.password, role: roleOfStored(invite.role) },
      passwordHash,
    );
    await markInviteAccepted(tx, invite.workspaceId, invite.id, user.id);
    return user;
  });
}
