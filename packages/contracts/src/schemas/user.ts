import { z } from "zod";
import { Email } from "../fields/email";
import { Id } from "../fields/id";
import { PersonName } from "../fields/person-name";
import { ApiKeyScope } from "./api-key-scopes";
import { Role } from "./roles";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** A sign-in password: long enough to resist guessing, short enough to hash cheaply. */
export const Password = z
  .string()
  .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`);

/** What the sign-in form sends. */
export const SignInRequest = z.strictObject({
  email: Email,
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`),
});
export type SignInRequest = z.output<typeof SignInRequest>;

/** A user made by an operator (`pnpm scripts user create`), the demo seed or an accepted invite. */
export const CreateUserRequest = z.strictObject({
  email: Email,
  name: PersonName.optional(),
  password: Password,
  /** Default admin: an operator's user usually bootstraps a workspace. */
  role: Role.optional(),
});
export type CreateUserRequest = z.output<typeof CreateUserRequest>;

/** A person of the workspace as `user.list` and `user.me` show them. */
export const UserSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  createdAt: z.iso.datetime(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const UserList = z.object({ items: z.array(UserSummary) });
export type UserList = z.infer<typeof UserList>;

/** `user.me`: the signed-in person, their role and what it lets them do (the UI follows it). */
export const Me = UserSummary.extend({ scopes: z.array(ApiKeyScope) });
export type Me = z.infer<typeof Me>;

export const UserIdInput = z.strictObject({ id: Id });
export type UserIdInput = z.output<typeof UserIdInput>;

export const SetRoleRequest = z.strictObject({ id: Id, role: Role });
export type SetRoleRequest = z.output<typeof SetRoleRequest>;

export const RemovedUser = z.object({ id: z.string() });
export type RemovedUser = z.infer<typeof RemovedUser>;

/** How long an invite can be accepted. */
export const INVITE_DAYS = 7;

export const CreateInviteRequest = z.strictObject({ role: Role });
export type CreateInviteRequest = z.output<typeof CreateInviteRequest>;

/**
 * The answer of `user.invite`: the only time the token is shown (only its hash is stored).
 * The app shows `{origin}{invitePath}`; no email is sent.
 */
export const CreatedInvite = z.object({
  id: z.string(),
  role: Role,
  token: z.string(),
  invitePath: z.string(),
  expiresAt: z.iso.datetime(),
});
export type CreatedInvite = z.infer<typeof CreatedInvite>;

/** A pending invite as listed: never its token. */
export const InviteSummary = z.object({
  id: z.string(),
  role: Role,
  invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type InviteSummary = z.infer<typeof InviteSummary>;

export const InviteList = z.object({ items: z.array(InviteSummary) });
export type InviteList = z.infer<typeof InviteList>;

export const InviteIdInput = z.strictObject({ id: Id });
export type InviteIdInput = z.output<typeof InviteIdInput>;

/** An invite token as typed or pasted: long enough for any token we make, never unbounded. */
export const InviteToken = z.string().min(1, "Missing invite token").max(200, "Not an invite token");

/** What the invite page sends: who the new person is, and their password. */
export const AcceptInviteRequest = z.strictObject({
  token: InviteToken,
  name: PersonName,
  email: Email,
  password: Password,
});
export type AcceptInviteRequest = z.output<typeof AcceptInviteRequest>;

/** `user.changePassword`: the current password proves it is the person, not a borrowed session. */
export const ChangePasswordRequest = z.strictObject({
  currentPassword: z
    .string()
    .min(1, "Enter your current password")
    .max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`),
  newPassword: Password,
});
export type ChangePasswordRequest = z.output<typeof ChangePasswordRequest>;

/** How many other sessions a password change or `user.signOutOtherSessions` ended. */
export const SignedOutSessions = z.object({ signedOut: z.number().int() });
export type SignedOutSessions = z.infer<typeof SignedOutSessions>;
