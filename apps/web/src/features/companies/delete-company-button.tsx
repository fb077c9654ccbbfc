"use client";

import type { Company, ErrorDetails } from "@contacts/contracts";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/components/toast";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";

/**
 * Deletes a company after a confirmation. While contacts are connected the API refuses
 * (COMPANY_IN_USE); this then says which, with links to disconnect them.
 */
export function DeleteCompanyButton({ company }: { company: Company }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const remove = trpc.company.delete.useMutation();
  const [confirming, setConfirming] = useState(false);
  const [blocked, setBlocked] = useState<{ message: string; details: ErrorDetails } | null>(null);

  async function onDelete() {
    try {
      await remove.mutateAsync({ id: company.id });
      void utils.company.list.invalidate();
      toast.success(`Deleted ${company.name}`);
      router.push("/companies");
    } catch (err) {
      const error = errorData(err);
      setConfirming(false);
      if (error.reason === "COMPANY_IN_USE") {
        setBlocked({ message: errorMessage(err), details: error.details ?? {} });
      } else {
        toast.error(`Not deleted: ${errorMessage(err)}`);
      }
    }
  }

  const named = blocked?.details.contacts ?? [];
  const more = (blocked?.details.contactCount ?? named.length) - named.length;
  return (
    <div className="flex flex-col items-end gap-2">
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm">Delete “{company.name}” for good?</span>
          <button
            type="button"
            className="btn-danger"
            onClick={() => void onDelete()}
            disabled={remove.isPending}
          >
            {remove.isPending ? "Deleting…" : "Yes, delete"}
          </button>
          <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="btn-danger"
          onClick={() => {
            setBlocked(null);
            setConfirming(true);
          }}
        >
          Delete company
        </button>
      )}
      {blocked && (
        <div role="alert" className="max-w-md rounded-md border border-red-300 bg-red-50 p-3 text-sm">
          <p className="font-medium">Not deleted: contacts are still connected to this company.</p>
          <p className="mt-1">Remove the connection from each of them first:</p>
          <ul className="mt-1 list-disc pl-5">
            {named.map((c) => (
              <li key={c.id}>
                {c.deleted ? (
                  <span>
                    {c.name}{" "}
                    <span className="text-slate-700">(deleted: restore it from the bin, or erase it)</span>
                  </span>
                ) : (
                  <Link href={`/contacts/${c.id}`} className="text-brand-700 underline">
                    {c.name}
                  </Link>
                )}
              </li>
            ))}
          </ul>
          {more > 0 && <p className="mt-1">and {more} more.</p>}
        </div>
      )}
    </div>
  );
}
