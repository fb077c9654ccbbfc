import type { CreateUserRequest } from "@contacts/contracts";
import { type Database, findUserByEmail, insertUserWithPassword, newId } from "@contacts/db";
import { ConflictError } from "../../errors";
import { hashPassword } from "./password";

export interface CreatedUser {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
}

/**
 * Makes a user who signs in to the web app with email and password. Emails are unique across
 * workspaces: sign-in is by email alone, and a person belongs to one workspace.
 */
export async function createUser(
  db: Database,
  workspaceId: string,
  input: CreateUserRequest,
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
    passwordHash: await hashPassword(input.password),
  });
  return { id: user.id, workspaceId: user.workspaceId, email: user.email, name: user.name };
}
