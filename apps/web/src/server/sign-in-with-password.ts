import { SignInRequest } from "@contacts/contracts";
import { APIError } from "better-auth/api";
import type { Auth } from "./auth";

export interface SignInState {
  error: string | null;
  email: string;
}

/**
 * The sign-in server action's work, apart from Next's request and redirect so tests run it:
 * signs in through better-auth (which sets the session cookie through `nextCookies` in an
 * action) and turns its refusals into the form's message. Unknown emails and wrong passwords
 * get one message; throttled attempts say how long to wait.
 */
export async function signInWithPassword(auth: Auth, form: FormData, headers: Headers): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  const parsed = SignInRequest.safeParse({ email, password: String(form.get("password") ?? "") });
  if (!parsed.success) return { error: "Wrong email or password", email };
  try {
    await auth.api.signInEmail({ body: parsed.data, headers });
  } catch (err) {
    if (err instanceof APIError && (err.statusCode === 401 || err.statusCode === 400)) {
      return { error: "Wrong email or password", email };
    }
    if (err instanceof APIError && err.statusCode === 429) {
      return { error: err.body?.message ?? "Too many failed sign-ins. Try again later.", email };
    }
    if (err instanceof APIError && err.statusCode === 403) {
      // better-auth's origin check: the page was opened at an address it does not trust.
      return { error: "Sign-in refused from this address; open the app at its configured URL", email };
    }
    throw err;
  }
  return { error: null, email };
}
