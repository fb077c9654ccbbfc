import {
  ChangePasswordRequest,
  CreatedInvite,
  CreateInviteRequest,
  InviteIdInput,
  InviteList,
  Me,
  RemovedUser,
  SetRoleRequest,
  SignedOutSessions,
  UserIdInput,
  UserList,
  UserSummary,
} from "@contacts/contracts";
import { createInvite, listInvites, revokeInvite } from "../services/users/invites";
import { removeUser, setUserRole } from "../services/users/manage-users";
import { changePassword, signOutOtherSessions } from "../services/users/own-account";
import { describeMe, listUsers } from "../services/users/users";
import { OWN_ACCOUNT, protectedProcedure, router } from "../trpc";

/** The workspace's people: admins (and keys holding users:manage) administer them. */
const manageUsers = protectedProcedure.meta({ scope: "users:manage" });
/** A person's own account, whatever their role; never an API key's. */
const ownAccount = protectedProcedure.meta({ scope: OWN_ACCOUNT });

export const userRouter = router({
  me: ownAccount.output(Me).query(({ ctx }) => describeMe(ctx.db, ctx.actor)),

  list: manageUsers
    .output(UserList)
    .query(async ({ ctx }) => ({ items: await listUsers(ctx.db, ctx.actor) })),

  invite: manageUsers
    .input(CreateInviteRequest)
    .output(CreatedInvite)
    .mutation(({ ctx, input }) => createInvite(ctx.db, ctx.actor, input)),

  listInvites: manageUsers
    .output(InviteList)
    .query(async ({ ctx }) => ({ items: await listInvites(ctx.db, ctx.actor) })),

  revokeInvite: manageUsers
    .input(InviteIdInput)
    .output(InviteIdInput)
    .mutation(({ ctx, input }) => revokeInvite(ctx.db, ctx.actor, input.id)),

  setRole: manageUsers
    .input(SetRoleRequest)
    .output(UserSummary)
    .mutation(({ ctx, input }) => setUserRole(ctx.db, ctx.actor, input)),

  remove: manageUsers
    .input(UserIdInput)
    .output(RemovedUser)
    .mutation(({ ctx, input }) => removeUser(ctx.db, ctx.actor, input.id)),

  changePassword: ownAccount
    .input(ChangePasswordRequest)
    .output(SignedOutSessions)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.actor, input)),

  signOutOtherSessions: ownAccount
    .output(SignedOutSessions)
    .mutation(({ ctx }) => signOutOtherSessions(ctx.db, ctx.actor)),
});
