"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Dialog } from "radix-ui";
import { useActionState, useEffect, useState } from "react";
import { announceSessionRestored, onSessionExpired } from "@/lib/session-events";
import { type SignInState, signInInPlaceAction } from "./auth-actions";
import { SignInFields } from "./sign-in-fields";

/**
 * When the session ends while a page is open, this asks the user to sign in again right
 * there, so nothing on the page is lost (an edit not saved yet is then saved by its form).
 */
export function SessionExpiredDialog() {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const [state, action, pending] = useActionState<SignInState & { signedIn?: boolean }, FormData>(
    async (previous, form) => {
      const result = await signInInPlaceAction(previous, form);
      return { ...result, signedIn: result.error === null };
    },
    { error: null, email: "" },
  );
  useEffect(() => onSessionExpired(() => setOpen(true)), []);
  useEffect(() => {
    if (!state.signedIn) return;
    setOpen(false);
    announceSessionRestored();
    void queryClient.invalidateQueries();
  }, [state, queryClient]);
  if (!open) return null;
  return (
    <Dialog.Root open onOpenChange={() => undefined}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(24rem,calc(100vw-1.5rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Sign in again</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-700">
            Your session ended. Sign in to carry on where you were; nothing on this page is lost.
          </Dialog.Description>
          <form action={action} className="mt-4 space-y-3">
            <SignInFields prefix="reauth-" email={state.email} />
            <p role="alert" className="min-h-5 text-sm text-red-700">
              {state.error}
            </p>
            <div className="flex justify-end gap-2">
              <a href="/sign-in" className="btn-secondary">
                Go to sign-in page
              </a>
              <button type="submit" className="btn-primary" disabled={pending}>
                {pending ? "Signing in…" : "Sign in"}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
