"use client";

import { ROLE_LABELS } from "@contacts/contracts/schemas/role-labels";
import { toast } from "@/components/toast";
import { trpc } from "@/lib/trpc";
import { errorMessage } from "@/lib/trpc-error";

const formatDate = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

/** Invites not yet accepted, revoked or expired; revoking one makes its link useless. */
export function InvitesSection() {
  const utils = trpc.useUtils();
  const invites = trpc.user.listInvites.useQuery();
  const revoke = trpc.user.revokeInvite.useMutation();
  return (
    <section aria-labelledby="invites-heading" className="space-y-2">
      <h2 id="invites-heading" className="text-lg font-semibold">
        Pending invites
      </h2>
      {invites.isSuccess && invites.data.items.length === 0 && (
        <p className="text-sm text-slate-700">No pending invites.</p>
      )}
      {invites.isSuccess && invites.data.items.length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {invites.data.items.map((invite) => (
            <li
              key={invite.id}
              className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm"
              data-testid="invite-row"
            >
              <span>
                <strong>{ROLE_LABELS[invite.role].label}</strong>, made {formatDate(invite.createdAt)}
                {invite.invitedBy && ` by ${invite.invitedBy.name}`}; expires {formatDate(invite.expiresAt)}
              </span>
              <button
                type="button"
                className="btn-secondary"
                disabled={revoke.isPending}
                aria-label={`Revoke the ${ROLE_LABELS[invite.role].label} invite made ${formatDate(invite.createdAt)}`}
                onClick={async () => {
                  try {
                    await revoke.mutateAsync({ id: invite.id });
                    toast.success("Invite revoked");
                  } catch (err) {
                    toast.error(`Not revoked: ${errorMessage(err)}`);
                  }
                  void utils.user.listInvites.invalidate();
                }}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
