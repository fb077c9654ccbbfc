"use client";

import type { Contact } from "@contacts/contracts";
import { getQueryKey } from "@trpc/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "@/components/toast";
import { useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorMessage } from "@/lib/trpc-error";
import { useKeysetPages } from "@/lib/use-keyset-pages";
import { displayName } from "./display-name";

/** What must be typed before an erase is sent: it cannot be undone. */
export const ERASE_CONFIRMATION = "erase";

/** The bin: deleted contacts, newest deletion first, each restorable or erasable for good. */
export function BinPage() {
  const utils = trpc.useUtils();
  const input = { deleted: true, limit: 50 };
  const bin = useKeysetPages(getQueryKey(trpc.contact.list, input, "infinite"), (cursor) =>
    utils.client.contact.list.query({ ...input, cursor }),
  );
  const contacts = bin.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Bin</h1>
      <p className="text-sm text-slate-600">
        Deleted contacts. Restoring one gives it back its references, unless another contact took one
        meanwhile.
      </p>
      {bin.isPending && <p>Loading…</p>}
      {bin.isSuccess && contacts.length === 0 && <p className="text-sm text-slate-600">The bin is empty.</p>}
      <ul className="space-y-3">
        {contacts.map((c) => (
          <BinRow key={c.id} contact={c} />
        ))}
      </ul>
      {bin.hasNextPage && (
        <button type="button" className="btn-secondary" onClick={() => bin.fetchNextPage()}>
          Load more
        </button>
      )}
    </div>
  );
}

function BinRow({ contact }: { contact: Contact }) {
  const utils = trpc.useUtils();
  const restore = trpc.contact.restore.useMutation();
  const erase = trpc.contact.erase.useMutation();
  const canWrite = useCan("contacts:write");
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const name = displayName(contact);
  const refresh = () => void utils.contact.list.invalidate();

  async function onRestore() {
    try {
      await restore.mutateAsync({ id: contact.id });
      toast.success(`${name} restored`);
      refresh();
    } catch (err) {
      toast.error(`Not restored: ${errorMessage(err)}`);
    }
  }
  async function onErase() {
    try {
      await erase.mutateAsync({ id: contact.id });
      toast.success(`${name} erased`);
      refresh();
    } catch (err) {
      toast.error(`Not erased: ${errorMessage(err)}`);
    }
  }

  return (
    <li className="card space-y-2" data-testid="bin-row">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <Link href={`/contacts/${contact.id}`} className="font-medium">
            {name}
          </Link>
          {contact.deletedAt && (
            <p className="text-xs text-slate-600">
              deleted {new Date(contact.deletedAt).toLocaleString("en-GB")}
            </p>
          )}
        </div>
        <div className="flex gap-2" hidden={!canWrite}>
          <button type="button" className="btn-secondary" onClick={onRestore} disabled={restore.isPending}>
            Restore
          </button>
          <button type="button" className="btn-danger" onClick={() => setConfirming(true)}>
            Erase…
          </button>
        </div>
      </div>
      {confirming && (
        <div className="space-y-2 border-t border-slate-200 pt-2 text-sm">
          <p>
            Erasing removes {name}&apos;s personal data for good, including the values in its history. It
            cannot be undone.
          </p>
          <label className="block">
            Type <strong>{ERASE_CONFIRMATION}</strong> to confirm
            <input className="input mt-1 block" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </label>
          <button
            type="button"
            className="btn-danger"
            disabled={typed.trim().toLowerCase() !== ERASE_CONFIRMATION || erase.isPending}
            onClick={onErase}
          >
            Erase for good
          </button>
        </div>
      )}
    </li>
  );
}
