"use client";

import { getQueryKey } from "@trpc/react-query";
import Link from "next/link";
import { useState } from "react";
import { useDebounced } from "@/components/use-debounced";
import { useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { useKeysetPages } from "@/lib/use-keyset-pages";
import { CompanyPicker } from "../companies/company-picker";
import { exportHref } from "../spreadsheets/export-query";
import { displayName } from "./display-name";

const PAGE = 50;

/** Search, filters and keyset paging ("Load more") over contact.list. */
export function ContactList() {
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [company, setCompany] = useState<{ id: string; name: string } | null>(null);
  const [blocked, setBlocked] = useState<"any" | "yes" | "no">("any");
  const debouncedSearch = useDebounced(search.trim());
  const debouncedTag = useDebounced(tag.trim());

  const input = {
    search: debouncedSearch || undefined,
    tags: debouncedTag ? [debouncedTag] : undefined,
    companyId: company?.id,
    blocked: blocked === "any" ? undefined : blocked === "yes",
    limit: PAGE,
  };
  const canWrite = useCan("contacts:write");
  const utils = trpc.useUtils();
  const list = useKeysetPages(getQueryKey(trpc.contact.list, input, "infinite"), (cursor) =>
    utils.client.contact.list.query({ ...input, cursor }),
  );
  const contacts = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(input.search || input.tags || input.companyId || input.blocked !== undefined);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Contacts</h1>
        <div className="flex flex-wrap gap-2">
          {/* A route handler streams the file: a plain link, so the browser downloads it. */}
          <a href={exportHref(input)} download className="btn-secondary">
            Export CSV<span className="sr-only"> of the contacts these filters show</span>
          </a>
          {canWrite && (
            <>
              <Link href="/contacts/import" className="btn-secondary">
                Import
              </Link>
              <Link href="/contacts/new" className="btn-primary">
                New contact
              </Link>
            </>
          )}
        </div>
      </div>

      <search className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="contact-search" className="label">
            Search
          </label>
          <input
            id="contact-search"
            type="search"
            className="input"
            placeholder="Name or email"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="filter-tag" className="label">
            Tag
          </label>
          <input
            id="filter-tag"
            type="text"
            className="input"
            placeholder="e.g. Tier 1"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="filter-company" className="label">
            Company
          </label>
          {company ? (
            <div className="flex items-center gap-2 py-1">
              <span className="truncate text-sm font-medium">{company.name}</span>
              <button
                type="button"
                className="btn-secondary px-2 py-1"
                aria-label={`Clear company filter ${company.name}`}
                onClick={() => setCompany(null)}
              >
                ×
              </button>
            </div>
          ) : (
            <CompanyPicker id="filter-company" onPick={setCompany} placeholder="Any company" />
          )}
        </div>
        <div>
          <label htmlFor="filter-blocked" className="label">
            Blocked
          </label>
          <select
            id="filter-blocked"
            className="input"
            value={blocked}
            onChange={(e) => setBlocked(e.target.value as typeof blocked)}
          >
            <option value="any">Any</option>
            <option value="no">Not blocked</option>
            <option value="yes">Blocked</option>
          </select>
        </div>
      </search>

      <section aria-labelledby="results-heading" aria-busy={list.isFetching}>
        <h2 id="results-heading" className="sr-only">
          Results
        </h2>
        {list.isPending && (
          <ul className="space-y-2" aria-label="Loading contacts">
            {Array.from({ length: 6 }, (_, i) => (
              <li key={i} className="card h-16 animate-pulse" />
            ))}
          </ul>
        )}
        {list.isError && <p className="card text-red-700">Could not load contacts. {list.error.message}</p>}
        {list.isSuccess && contacts.length === 0 && (
          <div className="card text-center">
            <p className="font-medium">
              {filtered ? "No contact matches these filters." : "No contacts yet."}
            </p>
            {!filtered && canWrite && (
              <Link href="/contacts/new" className="mt-2 inline-block text-brand-700 underline">
                Create the first one
              </Link>
            )}
          </div>
        )}
        {contacts.length > 0 && (
          <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
            {contacts.map((c) => {
              const primary = c.connections.find((x) => x.primary);
              return (
                <li key={c.id} data-testid="contact-row" className="relative px-4 py-3 hover:bg-slate-50">
                  <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                    <Link
                      href={`/contacts/${c.id}`}
                      className="font-medium text-brand-700 after:absolute after:inset-0 hover:underline"
                    >
                      {displayName(c)}
                    </Link>
                    {c.blocked && (
                      <span className="rounded bg-red-100 px-1.5 text-xs font-medium text-red-800">
                        Blocked
                      </span>
                    )}
                    <span className="text-sm text-slate-700">{c.email}</span>
                  </div>
                  <div className="mt-0.5 flex flex-wrap gap-x-3 text-sm text-slate-700">
                    {primary && (
                      <span>
                        {primary.jobTitle ? `${primary.jobTitle}, ` : ""}
                        {primary.company.name}
                      </span>
                    )}
                    {c.tags.length > 0 && <span className="text-slate-600">{c.tags.join(" · ")}</span>}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        <div className="mt-4 flex items-center gap-3">
          {list.hasNextPage && (
            <button
              type="button"
              className="btn-secondary"
              onClick={() => list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {list.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          )}
          {list.isSuccess && contacts.length > 0 && (
            <p className="text-sm text-slate-600" aria-live="polite">
              Showing {contacts.length}
              {list.hasNextPage ? "" : " (all)"}
            </p>
          )}
        </div>
      </section>
    </div>
  );
}
