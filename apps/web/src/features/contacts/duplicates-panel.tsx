"use client";

import type { Contact } from "@contacts/contracts";
import Link from "next/link";
import { trpc } from "@/lib/trpc";
import { displayName } from "./display-name";

export const mergeHref = (survivorId: string, mergedId: string) =>
  `/contacts/merge?survivor=${encodeURIComponent(survivorId)}&merged=${encodeURIComponent(mergedId)}`;

/** "Possible duplicates" of one contact, each with the rules that matched and a way to merge. */
export function DuplicatesPanel({ contact }: { contact: Contact }) {
  const duplicates = trpc.contact.duplicates.useQuery({ id: contact.id });
  const items = duplicates.data?.items ?? [];
  return (
    <section aria-labelledby="duplicates-heading" className="card">
      <h2 id="duplicates-heading" className="mb-3 text-base font-semibold">
        Possible duplicates
      </h2>
      {duplicates.isPending && <p className="text-sm text-slate-600">Looking for duplicates…</p>}
      {duplicates.isError && <p className="text-sm text-red-700">Could not look for duplicates.</p>}
      {duplicates.isSuccess && items.length === 0 && <p className="text-sm text-slate-600">None found.</p>}
      <ul className="space-y-3">
        {items.map((match) => (
          <li
            key={match.contact.id}
            data-testid="duplicate"
            className="flex flex-wrap items-start justify-between gap-2"
          >
            <div className="text-sm">
              <Link href={`/contacts/${match.contact.id}`} className="font-medium text-brand-700 underline">
                {displayName(match.contact)}
              </Link>{" "}
              <span className="text-slate-600">score {match.score}</span>
              <ul className="text-slate-700">
                {match.reasons.map((r) => (
                  <li key={r.rule}>{r.detail}</li>
                ))}
              </ul>
            </div>
            <Link href={mergeHref(contact.id, match.contact.id)} className="btn-secondary">
              Merge…
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
