"use client";

import { useActionState } from "react";
import { type SignInState, signInAction } from "./auth-actions";
import { SignInFields } from "./sign-in-fields";

export function SignInForm({ next = "/contacts" }: { next?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {
    error: null,
    email: "",
  });
  return (
    <form action={action} className="card space-y-4">
      <input type="hidden" name="next" value={next} />
      <SignInFields email={state.email} />
      <p role="alert" className="min-h-5 text-sm text-red-700">
        {state.error}
      </p>
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
