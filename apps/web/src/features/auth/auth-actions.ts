"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { type AcceptInviteState, acceptInviteWithPassword } from "@/server/accept-invite";
import { getAuth } from "@/server/auth";
import { getDb } from "@/server/db";
import { safeNextPath } from "@/server/safe-next-path";
import { type SignInState, signInWithPassword } from "@/server/sign-in-with-password";

export type { AcceptInviteState, SignInState };

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

/** Accepting an invite: makes the user, signs them in, and opens the contacts. */
export async function acceptInviteAction(
  token: string,
  _previous: AcceptInviteState,
  form: FormData,
): Promise<AcceptInviteState> {
  const state = await acceptInviteWithPassword(await getAuth(), await getDb(), token, form, await headers());
  if (state.done && !state.error) redirect("/contacts");
  return state;
}
