"use client";

import type { CreatedInvite, Role, UserSummary } from "@contacts/contracts";
import { ROLE_LABELS, ROLES } from "@contacts/contracts/schemas/role-labels";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "@/components/confirm-button";
import { toast } from "@/components/toast";
import { useMe } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorMessage } from "@/lib/trpc-error";
import { InvitesSection } from "./invites-section";

const formatDate = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" }).format(new Date(iso));

/** /settings/users: the workspace's people and their roles, and invites to join it. */
export function UsersPage() {
  const users = trpc.user.list.useQuery();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <ul className="mt-2 space-y-1 text-sm text-slate-700">
          {ROLES.map((role) => (
            <li key={role}>
              <strong>{ROLE_LABELS[role].label}</strong>: {ROLE_LABELS[role].description}.
            </li>
          ))}
        </ul>
      </div>
      <InviteForm />
      <section aria-labelledby="people-heading" className="space-y-2">
        <h2 id="people-heading" className="text-lg font-semibold">
          People
        </h2>
        {users.isPending && <p className="text-sm text-slate-600">Loading users…</p>}
        {users.isError && <p className="card text-red-700">Could not load users. {users.error.message}</p>}
        {users.isSuccess && (
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Users of this workspace</caption>
              <thead className="border-b border-slate-200 bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Name
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Email
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Role
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Joined
                  </th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <UserRow key={user.id} user={user} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <InvitesSection />
    </div>
  );
}

function UserRow({ user }: { user: UserSummary }) {
  const me = useMe();
  const utils = trpc.useUtils();
  const setRole = trpc.user.setRole.useMutation();
  const remove = trpc.user.remove.useMutation();
  const isMe = user.id === me.id;

  async function onRole(role: Role) {
    try {
      await setRole.mutateAsync({ id: user.id, role });
      toast.success(`${user.name} is now ${ROLE_LABELS[role].label}`);
      // Demoting yourself changes what this page may show.
      if (isMe) void utils.user.me.invalidate();
    } catch (err) {
      toast.error(`Role not changed: ${errorMessage(err)}`);
    }
    void utils.user.list.invalidate();
  }

  return (
    <tr className="border-b border-slate-100" data-testid="user-row">
      <td className="px-3 py-2 font-medium">
        {user.name}
        {isMe && <span className="text-slate-600"> (you)</span>}
      </td>
      <td className="px-3 py-2 break-all">{user.email}</td>
      <td className="px-3 py-2">
        <label className="sr-only" htmlFor={`role-${user.id}`}>
          Role of {user.name}
        </label>
        <select
          id={`role-${user.id}`}
          className="input py-1"
          value={user.role}
          disabled={setRole.isPending}
          onChange={(e) => void onRole(e.target.value as Role)}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role].label}
            </option>
          ))}
        </select>
      </td>
      <td className="px-3 py-2">{formatDate(user.createdAt)}</td>
      <td className="px-3 py-2 text-right">
        {!isMe && (
          <ConfirmButton
            aria-label={`Remove ${user.name}`}
            title={`Remove ${user.name}?`}
            description="They are signed out at once and can no longer sign in. Their changes stay in the contacts' history."
            confirmLabel="Remove user"
            onConfirm={async () => {
              try {
                await remove.mutateAsync({ id: user.id });
                toast.success(`Removed ${user.name}`);
              } catch (err) {
                toast.error(`Not removed: ${errorMessage(err)}`);
              }
              void utils.user.list.invalidate();
            }}
          >
            Remove
          </ConfirmButton>
        )}
      </td>
    </tr>
  );
}

function InviteForm() {
  const utils = trpc.useUtils();
  const invite = trpc.user.invite.useMutation();
  const [role, setRole] = useState<Role>("member");
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  // The link is built here: the API knows its path, the browser knows the address it was opened at.
  const link = created ? `${window.location.origin}${created.invitePath}` : "";

  async function onInvite(e: FormEvent) {
    e.preventDefault();
    try {
      setCreated(await invite.mutateAsync({ role }));
      void utils.user.listInvites.invalidate();
    } catch (err) {
      toast.error(`No invite made: ${errorMessage(err)}`);
    }
  }

  return (
    <section aria-labelledby="invite-heading" className="space-y-3">
      <form
        onSubmit={onInvite}
        className="card flex flex-wrap items-end gap-3"
        aria-labelledby="invite-heading"
      >
        <h2 id="invite-heading" className="w-full text-lg font-semibold">
          Invite someone
        </h2>
        <div className="min-w-48">
          <label htmlFor="invite-role" className="label">
            Their role
          </label>
          <select
            id="invite-role"
            className="input"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r].label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-primary" disabled={invite.isPending}>
          {invite.isPending ? "Creating…" : "Create invite link"}
        </button>
      </form>
      {created && (
        <div role="status" className="card border-amber-300 bg-amber-50">
          <p className="font-medium">
            Invite link for a {ROLE_LABELS[created.role].label} created. Copy it now and send it yourself: it
            is not shown again, and works once until {formatDate(created.expiresAt)}.
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="invite-link" className="rounded bg-white px-2 py-1 text-sm break-all">
              {link}
            </code>
            <button
              type="button"
              className="btn-secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(link).catch(() => {});
                toast.success("Copied");
              }}
            >
              Copy link
            </button>
            <button type="button" className="btn-secondary" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
