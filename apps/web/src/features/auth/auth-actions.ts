"use server";

import { SignInRequest } from "@contacts/contracts";
import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/server/auth";

export interface SignInState {
  error: string | null;
  email: string;
}

/**
 * Sign-in as a server action: it works before the page's JavaScript has loaded, never puts the
 * password in a URL, and Next checks the Origin of every action (CSRF).
 */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  const parsed = SignInRequest.safeParse({ email, password: String(form.get("password") ?? "") });
  if (!parsed.success) return { error: "Wrong email or password", email };
  const auth = await getAuth();
  try {
    await auth.api.signInEmail({ body: parsed.data, headers: await headers() });
  } catch (err) {
    if (err instanceof APIError && (err.statusCode === 401 || err.statusCode === 400)) {
      return { error: "Wrong email or password", email };
    }
    if (err instanceof APIError && err.statusCode === 429) {
      return { error: "Too many attempts, wait a minute and try again", email };
    }
    if (err instanceof APIError && err.statusCode === 403) {
      // better-auth's origin check: the page was opened at an address it does not trust.
      return { error: "Sign-in refused from this address; open the app at its configured URL", email };
    }
    throw err;
  }
  redirect("/contacts");
}

export async function signOutAction(): Promise<void> {
  const auth = await getAuth();
  await auth.api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
