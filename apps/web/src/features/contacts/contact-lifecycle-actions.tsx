"use client";

import type { Contact } from "@contacts/contracts";
import { useRouter } from "next/navigation";
import { toast } from "@/components/toast";
import { useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorMessage } from "@/lib/trpc-error";
import { displayName } from "./display-name";

/**
 * Delete with undo: the contact goes to the bin at once, and the toast's "Undo" restores it
 * (with its references, unless another contact took one meanwhile: the toast then says so).
 */
export function DeleteContactButton({ contact }: { contact: Contact }) {
  const canWrite = useCan("contacts:write");
  const router = useRouter();
  const utils = trpc.useUtils();
  const remove = trpc.contact.delete.useMutation();
  const restore = trpc.contact.restore.useMutation();

  async function undo() {
    try {
      const back = await restore.mutateAsync({ id: contact.id });
      utils.contact.get.setData({ id: back.id }, back);
      void utils.contact.history.invalidate({ id: back.id });
      void utils.contact.list.invalidate();
      toast.success(`${displayName(back)} restored`);
      router.push(`/contacts/${back.id}`);
    } catch (err) {
      toast.error(`Not restored: ${errorMessage(err)}`);
    }
  }

  async function onDelete() {
    try {
      await remove.mutateAsync({ id: contact.id, expectedVersion: contact.version });
      void utils.contact.list.invalidate();
      toast.withAction(`${displayName(contact)} moved to the bin`, "Undo", () => void undo());
      router.push("/contacts");
    } catch (err) {
      toast.error(`Not deleted: ${errorMessage(err)}`);
    }
  }

  // A read-only role has nothing to delete with (the layout's note says why).
  if (!canWrite) return null;
  return (
    <button type="button" className="btn-secondary" onClick={onDelete} disabled={remove.isPending}>
      {remove.isPending ? "Deleting…" : "Delete"}
    </button>
  );
}
