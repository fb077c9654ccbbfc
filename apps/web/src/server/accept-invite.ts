import {
  acceptInvite,
  ConflictError,
  defaultSignInThrottle,
  type SignInThrottle,
  ValidationError,
} from "@contacts/api";
import { AcceptInviteRequest } from "@contacts/contracts";
import type { Database } from "@contacts/db";
import { APIError } from "better-auth/api";
import type { Auth } from "./auth";
import { clientAddressOf } from "./client-address";

export interface AcceptInviteState {
  /** What stops the whole form (the link, the throttle); null when only fields are wrong. */
  error: string | null;
  fieldErrors: Partial<Record<"name" | "email" | "password", string>>;
  name: string;
  email: string;
  /** Made and signed in: the page moves on. */
  done: boolean;
}

/**
 * The invite page's server action, apart from Next's request and redirect so tests run it.
 * Unauthenticated (the token is the credential), so it is throttled as sign-in is: every
 * attempt counts as a failure per email and per client address until it succeeds. The user
 * is made by the API's acceptInvite (one transaction with marking the invite used; sign-up
 * stays disabled in better-auth, so no one joins without an invite), then signed in through
 * better-auth, which sets the session cookie.
 */
export async function acceptInviteWithPassword(
  auth: Auth,
  db: Database,
  token: string,
  form: FormData,
  headers: Headers,
  throttle: SignInThrottle = defaultSignInThrottle(),
): Promise<AcceptInviteState> {
  const name = String(form.get("name") ?? "");
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  const state = (rest: Partial<AcceptInviteState>): AcceptInviteState => ({
    error: null,
    fieldErrors: {},
    name,
    email,
    done: false,
    ...rest,
  });
  const parsed = AcceptInviteRequest.safeParse({ token, name, email, password });
  if (!parsed.success) {
    const fieldErrors: AcceptInviteState["fieldErrors"] = {};
    let error: string | null = null;
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "name" || field === "email" || field === "password") fieldErrors[field] ??= issue.message;
      else error = "This invite link is not valid";
    }
    return state({ error, fieldErrors });
  }
  const attempt = { email: parsed.data.email, clientAddress: clientAddressOf(headers) };
  const admission = await throttle.admit(db, attempt);
  if (!admission.allowed) return state({ error: admission.message });
  try {
    await acceptInvite(db, parsed.data);
  } catch (err) {
    if (err instanceof ValidationError) return state({ error: err.issues[0]?.message ?? err.message });
    if (err instanceof ConflictError && err.reason === "USER_EMAIL_TAKEN") {
      return state({ fieldErrors: { email: "A user with this email exists; sign in instead" } });
    }
    throw err;
  }
  await throttle.succeeded(db, attempt);
  try {
    await auth.api.signInEmail({
      body: { email: parsed.data.email, password: parsed.data.password },
      headers,
    });
  } catch (err) {
    // The account exists now; only the automatic sign-in failed (e.g. the address is not trusted).
    if (err instanceof APIError) return state({ done: true, error: "Your account is ready: sign in" });
    throw err;
  }
  return state({ done: true });
}
