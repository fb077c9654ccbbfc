"use client";

import { getQueryKey } from "@trpc/react-query";
import Link from "next/link";
import { trpc } from "@/lib/trpc";
import { useKeysetPages } from "@/lib/use-keyset-pages";
import { displayName } from "../contacts/display-name";

/** The contacts connected to a company, newest first, each with its title and primary mark. */
export function CompanyContacts({ id }: { id: string }) {
  const utils = trpc.useUtils();
  const input = { id, limit: 50 };
  const contacts = useKeysetPages(getQueryKey(trpc.company.contacts, input, "infinite"), (cursor) =>
    utils.client.company.contacts.query({ ...input, cursor }),
  );
  const items = contacts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="company-contacts-heading" className="card">
      <h2 id="company-contacts-heading" className="mb-3 text-base font-semibold">
        Contacts
      </h2>
      {contacts.isPending && <p className="text-sm text-slate-600">Loading contacts…</p>}
      {contacts.isError && <p className="text-sm text-red-700">Could not load the contacts.</p>}
      {contacts.isSuccess && items.length === 0 && (
        <p className="text-sm text-slate-600">No contact is connected to this company.</p>
      )}
      {items.length > 0 && (
        <ul className="divide-y divide-slate-200">
          {items.map((c) => (
            <li
              key={c.id}
              className="flex flex-wrap items-baseline gap-x-3 py-2 text-sm"
              data-testid="company-contact"
            >
              <Link href={`/contacts/${c.id}`} className="font-medium text-brand-700 underline">
                {displayName(c)}
              </Link>
              <span className="text-slate-700">{c.jobTitle ?? "No title"}</span>
              {c.primary && (
                <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">
                  Primary
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {contacts.hasNextPage && (
        <button
          type="button"
          className="btn-secondary mt-3"
          onClick={() => void contacts.fetchNextPage()}
          disabled={contacts.isFetchingNextPage}
        >
          {contacts.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}
