import type { Role, SetRoleRequest, UserSummary } from "@contacts/contracts";
import { type Database, deleteUserRow, findUser, lockAdminIds, updateUserRole } from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError } from "../../errors";
import { userSummary } from "./users";

const lastAdmin = (doing: string) =>
  new ConflictError(
    "LAST_ADMIN",
    `Cannot ${doing} the last admin of the workspace; make another user an admin first`,
  );

/**
 * Changes a user's role. The workspace's admins are locked first, so concurrent demotions
 * serialize and one admin always remains (LAST_ADMIN otherwise).
 */
export async function setUserRole(db: Database, actor: Actor, input: SetRoleRequest): Promise<UserSummary> {
  return db.transaction(async (tx) => {
    const admins = await lockAdminIds(tx, actor.workspaceId);
    const target = await findUser(tx, actor.workspaceId, input.id);
    if (!target) throw new NotFoundError("User");
    if (leavesNoAdmin(admins, target.id, input.role)) throw lastAdmin("demote");
    const updated = await updateUserRole(tx, actor.workspaceId, target.id, input.role);
    if (!updated) throw new NotFoundError("User");
    return userSummary(updated);
  });
}

/** Whether giving `userId` the role `role` leaves the workspace without an admin. */
const leavesNoAdmin = (admins: string[], userId: string, role: Role | null) =>
  role !== "admin" && admins.length === 1 && admins[0] === userId;

/**
 * Removes a user of the workspace with their sessions (signed out at once) and password.
 * Nobody removes themselves (CANNOT_REMOVE_SELF: it would end the session mid-task), and the
 * last admin stays (LAST_ADMIN). Their history entries keep the name they were written with.
 */
export async function removeUser(db: Database, actor: Actor, userId: string): Promise<{ id: string }> {
  if (actor.type === "user" && actor.id === userId) {
    throw new ConflictError("CANNOT_REMOVE_SELF", "You cannot remove yourself; ask another admin");
  }
  return db.transaction(async (tx) => {
    const admins = await lockAdminIds(tx, actor.workspaceId);
    const target = await findUser(tx, actor.workspaceId, userId);
    if (!target) throw new NotFoundError("User");
    if (leavesNoAdmin(admins, target.id, null)) throw lastAdmin("remove");
    await deleteUserRow(tx, actor.workspaceId, target.id);
    return { id: target.id };
  });
}
