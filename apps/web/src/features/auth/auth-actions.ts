"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/server/auth";
import { safeNextPath } from "@/server/safe-next-path";
import { type SignInState, signInWithPassword } from "@/server/sign-in-with-password";

export type { SignInState };

/**
 * Sign-in as a server action: it works before the page's JavaScript has loaded, never puts the
 * password in a URL, and Next checks the Origin of every action (CSRF). Failed attempts are
 * throttled as on the HTTP route (better-auth hooks in auth.ts).
 */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const state = await signInWithPassword(await getAuth(), form, await headers());
  if (state.error) return state;
  redirect(safeNextPath(form.get("next")));
}

/**
 * Sign-in without leaving the page: the session ended while someone was working (an edit not
 * saved yet), and the dialog that asks them to sign in again keeps the page and its state.
 */
export async function signInInPlaceAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  return signInWithPassword(await getAuth(), form, await headers());
}

export async function signOutAction(): Promise<void> {
  const auth = await getAuth();
  await auth.api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
