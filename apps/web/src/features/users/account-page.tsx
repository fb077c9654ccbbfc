"use client";

import { ROLE_LABELS } from "@contacts/contracts/schemas/role-labels";
import { type FormEvent, useState } from "react";
import { FieldError } from "@/components/field-error";
import { toast } from "@/components/toast";
import { useMe } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";

const sessions = (n: number) => (n === 1 ? "1 other session" : `${n} other sessions`);

/** /account: who you are, your password, and your other sessions. */
export function AccountPage() {
  const me = useMe();
  const change = trpc.user.changePassword.useMutation();
  const signOutOthers = trpc.user.signOutOtherSessions.useMutation();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [errors, setErrors] = useState<{ currentPassword?: string[]; newPassword?: string[] }>({});
  const [done, setDone] = useState<string | null>(null);

  async function onChange(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    try {
      const { signedOut } = await change.mutateAsync({ currentPassword, newPassword });
      setCurrentPassword("");
      setNewPassword("");
      setErrors({});
      setDone(`Password changed. ${sessions(signedOut)} signed out.`);
    } catch (err) {
      const issues = errorData(err).issues;
      if (!issues) {
        toast.error(`Password not changed: ${errorMessage(err)}`);
        return;
      }
      setErrors({
        currentPassword: issues.filter((i) => i.path[0] === "currentPassword").map((i) => i.message),
        newPassword: issues.filter((i) => i.path[0] === "newPassword").map((i) => i.message),
      });
    }
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="mt-1 text-sm text-slate-700">
          {me.name} ({me.email}), {ROLE_LABELS[me.role].label}: {ROLE_LABELS[me.role].description}.
        </p>
      </div>
      <form
        onSubmit={onChange}
        noValidate
        className="card max-w-md space-y-4"
        aria-labelledby="password-heading"
      >
        <h2 id="password-heading" className="text-lg font-semibold">
          Change password
        </h2>
        {/* For password managers: whose password this is. */}
        <input type="text" name="username" autoComplete="username" value={me.email} readOnly hidden />
        <div>
          <label htmlFor="current-password" className="label">
            Current password
          </label>
          <input
            id="current-password"
            type="password"
            autoComplete="current-password"
            className="input"
            value={currentPassword}
            aria-invalid={(errors.currentPassword?.length ?? 0) > 0 || undefined}
            aria-describedby="current-password-error"
            onChange={(e) => setCurrentPassword(e.target.value)}
          />
          <FieldError id="current-password-error" messages={errors.currentPassword ?? []} />
        </div>
        <div>
          <label htmlFor="new-password" className="label">
            New password
          </label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            className="input"
            value={newPassword}
            aria-invalid={(errors.newPassword?.length ?? 0) > 0 || undefined}
            aria-describedby="new-password-hint new-password-error"
            onChange={(e) => setNewPassword(e.target.value)}
          />
          <p id="new-password-hint" className="mt-1 text-xs text-slate-700">
            8 to 128 characters. Your other sessions are signed out.
          </p>
          <FieldError id="new-password-error" messages={errors.newPassword ?? []} />
        </div>
        <button type="submit" className="btn-primary" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
        <p role="status" className="min-h-5 text-sm text-green-800">
          {done}
        </p>
      </form>
      <section className="card max-w-md space-y-2" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Other sessions
        </h2>
        <p className="text-sm text-slate-700">
          Signed in on another computer or phone you no longer use? End every session but this one.
        </p>
        <button
          type="button"
          className="btn-secondary"
          disabled={signOutOthers.isPending}
          onClick={async () => {
            try {
              const { signedOut } = await signOutOthers.mutateAsync();
              toast.success(`${sessions(signedOut)} signed out`);
            } catch (err) {
              toast.error(`Not signed out: ${errorMessage(err)}`);
            }
          }}
        >
          Sign out other sessions
        </button>
      </section>
    </div>
  );
}
