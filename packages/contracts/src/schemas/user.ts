import { z } from "zod";
import { Email } from "../fields/email";
import { PersonName } from "../fields/person-name";

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

/** A user made by an operator (`pnpm scripts user create`) or the demo seed. */
export const CreateUserRequest = z.strictObject({
  email: Email,
  name: PersonName.optional(),
  password: Password,
});
export type CreateUserRequest = z.output<typeof CreateUserRequest>;
