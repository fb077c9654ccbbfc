import {
  type CreateUserRequest,
  type Me,
  ROLE_SCOPES,
  roleOfStored,
  type UserSummary,
} from "@contacts/contracts";
import {
  type Executor,
  findUser,
  findUserByEmail,
  insertUserWithPassword,
  listUserRows,
  newId,
  type UserRow,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError } from "../../errors";
import { hashPassword } from "./password";

export interface CreatedUser {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: UserSummary["role"];
}

/**
 * Makes a user who signs in to the web app with email and password. Emails are unique across
 * workspaces: sign-in is by email alone, and a person belongs to one workspace. Without a
 * role the user is an admin: an operator's first user must be able to invite the others.
 * `passwordHash` lets a caller hash before its transaction (scrypt takes ~50 ms).
 */
export async function createUser(
  db: Executor,
  workspaceId: string,
  input: CreateUserRequest,
  passwordHash?: string,
): Promise<CreatedUser> {
  if (await findUserByEmail(db, input.email)) {
    throw new ConflictError("USER_EMAIL_TAKEN", `A user with email ${input.email} exists`);
  }
  const user = await insertUserWithPassword(db, {
    workspaceId,
    id: newId(),
    accountId: newId(),
    email: input.email,
    name: input.name ?? input.email.split("@")[0] ?? input.email,
    role: input.role ?? "admin",
    passwordHash: passwordHash ?? (await hashPassword(input.password)),
  });
  return {
    id: user.id,
    workspaceId: user.workspaceId,
    email: user.email,
    name: user.name,
    role: roleOfStored(user.role),
  };
}

export const userSummary = (row: UserRow): UserSummary => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: roleOfStored(row.role),
  createdAt: row.createdAt.toISOString(),
});

/** The people of the actor's workspace, oldest first. */
export async function listUsers(db: Executor, actor: Actor): Promise<UserSummary[]> {
  return (await listUserRows(db, actor.workspaceId)).map(userSummary);
}

/** The signed-in person as stored now, with what their role lets them do. */
export async function describeMe(db: Executor, actor: Actor): Promise<Me> {
  const row = await findUser(db, actor.workspaceId, actor.id);
  if (!row) throw new NotFoundError("User");
  const me = userSummary(row);
  return { ...me, scopes: [...ROLE_SCOPES[me.role]] };
}
