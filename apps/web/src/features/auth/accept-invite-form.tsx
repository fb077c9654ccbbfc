"use client";

import { useActionState } from "react";
import { FieldError } from "@/components/field-error";
import { type AcceptInviteState, acceptInviteAction } from "./auth-actions";

const initial: AcceptInviteState = { error: null, fieldErrors: {}, name: "", email: "", done: false };

/** The invite page's form: works before JavaScript loads, like sign-in (a server action). */
export function AcceptInviteForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<AcceptInviteState, FormData>(
    acceptInviteAction.bind(null, token),
    initial,
  );
  const field = (name: keyof AcceptInviteState["fieldErrors"]) => state.fieldErrors[name];
  return (
    <form action={action} noValidate className="card space-y-4">
      <div>
        <label htmlFor="name" className="label">
          Your name
        </label>
        <input
          id="name"
          name="name"
          autoComplete="name"
          required
          defaultValue={state.name}
          className="input"
          aria-invalid={field("name") ? true : undefined}
          aria-describedby="name-error"
        />
        <FieldError id="name-error" messages={field("name") ? [field("name") as string] : []} />
      </div>
      <div>
        <label htmlFor="email" className="label">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          className="input"
          aria-invalid={field("email") ? true : undefined}
          aria-describedby="email-error"
        />
        <FieldError id="email-error" messages={field("email") ? [field("email") as string] : []} />
      </div>
      <div>
        <label htmlFor="password" className="label">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          className="input"
          aria-invalid={field("password") ? true : undefined}
          aria-describedby="password-hint password-error"
        />
        <p id="password-hint" className="mt-1 text-xs text-slate-700">
          8 to 128 characters.
        </p>
        <FieldError id="password-error" messages={field("password") ? [field("password") as string] : []} />
      </div>
      <p role="alert" className="min-h-5 text-sm text-red-700">
        {state.error}
      </p>
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? "Joining…" : "Join the workspace"}
      </button>
    </form>
  );
}
