"use client";

import type { Contact, ContactSort, SortDirection } from "@contacts/contracts";
import { keepPreviousData } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useDebounced } from "@/components/use-debounced";
import { useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { CompanyPicker } from "../companies/company-picker";
import { exportHref } from "../spreadsheets/export-query";
import { BulkActions } from "./bulk-actions";
import { ColumnChooser, useListColumns } from "./column-chooser";
import { displayName } from "./display-name";
import { cellText, LIST_COLUMNS } from "./list-columns";
import {
  filtersOf,
  type InitialListPage,
  LIST_PAGE,
  type ListView,
  listInputOf,
  parseTagPrefixes,
  readListView,
  writeListView,
} from "./list-view-state";

const PAGE = LIST_PAGE;

const SORT_OPTIONS: { sort: ContactSort; direction: SortDirection; label: string }[] = [
  { sort: "created", direction: "desc", label: "Newest first" },
  { sort: "created", direction: "asc", label: "Oldest first" },
  { sort: "name", direction: "asc", label: "Name A–Z" },
  { sort: "name", direction: "desc", label: "Name Z–A" },
  { sort: "company", direction: "asc", label: "Company A–Z" },
  { sort: "company", direction: "desc", label: "Company Z–A" },
  { sort: "updated", direction: "desc", label: "Recently updated" },
  { sort: "updated", direction: "asc", label: "Least recently updated" },
];

const formatCount = (n: number) => n.toLocaleString("en-US");

/**
 * The contact list as a working view: search, filters, sort and the page's cursor live in the
 * URL (list-view-state.ts), so reload, Back and a shared link show the same view; the total
 * comes from contact.count; rows can be selected for bulk actions.
 */
export function ContactList({ initial }: { initial?: InitialListPage }) {
  const params = useSearchParams();
  const router = useRouter();
  const view = readListView(params);

  // The boxes hold what is typed; the URL gets it once typing pauses, and Back puts the URL's
  // value back in the box (unless the box already says the same, give or take spaces).
  const [search, setSearch] = useState(view.search);
  const [tagText, setTagText] = useState(view.tags.join(", "));
  useEffect(() => setSearch((prev) => (prev.trim() === view.search ? prev : view.search)), [view.search]);
  const tagsInUrl = view.tags.join(", ");
  useEffect(
    () => setTagText((prev) => (parseTagPrefixes(prev).join(", ") === tagsInUrl ? prev : tagsInUrl)),
    [tagsInUrl],
  );

  // Two navigations can start before the URL shows the first (a sort picked while the search
  // box settles): each builds on the last one asked for until the URL has caught up, and the
  // boxes' text always goes along, so neither change undoes the other.
  const pending = useRef<ListView | null>(null);
  const urlKey = params.toString();
  useEffect(() => {
    pending.current = null;
  }, [urlKey]);

  /** A new view in the URL; a change of filter or order starts again at the first page. */
  function go(next: Partial<ListView>, mode: "push" | "replace") {
    const base = pending.current ?? view;
    const merged: ListView = {
      ...base,
      search: search.trim(),
      tags: parseTagPrefixes(tagText),
      cursor: null,
      page: 1,
      ...next,
    };
    pending.current = merged;
    router[mode](`/contacts${writeListView(merged)}`, { scroll: false });
  }

  const debouncedSearch = useDebounced(search.trim());
  const debouncedTags = useDebounced(parseTagPrefixes(tagText).join(", "));
  useEffect(() => {
    if (debouncedSearch !== view.search) go({ search: debouncedSearch }, "replace");
  }, [debouncedSearch]);
  useEffect(() => {
    if (debouncedTags !== tagsInUrl) go({ tags: parseTagPrefixes(debouncedTags) }, "replace");
  }, [debouncedTags]);

  const [filtersOpen, setFiltersOpen] = useState(false);
  const [columns, setColumns] = useListColumns();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const utils = trpc.useUtils();
  const listInput = listInputOf(view, PAGE);
  // The page the server read for this very view: shown at once, no call after hydration.
  const served = initial?.key === JSON.stringify(listInput) ? initial : undefined;
  const list = trpc.contact.list.useQuery(listInput, {
    placeholderData: keepPreviousData,
    initialData: served?.list,
  });
  const canWrite = useCan("contacts:write");
  const count = trpc.contact.count.useQuery(filtersOf(view), {
    placeholderData: keepPreviousData,
    initialData: served?.count,
  });
  const company = trpc.company.get.useQuery(
    { id: view.companyId ?? "" },
    { enabled: view.companyId !== null },
  );
  const contacts = list.data?.items ?? [];
  const filtered = Object.values(filtersOf(view)).some((v) => v !== undefined);
  const selectedContacts = contacts.filter((c) => selected.has(c.id));
  const allSelected = contacts.length > 0 && selectedContacts.length === contacts.length;

  const viewKey = writeListView(view);
  // Kept as it is when already empty: no second render of every row right after hydration.
  useEffect(() => setSelected((prev) => (prev.size === 0 ? prev : new Set())), [viewKey]);

  const toggle = (c: Contact) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(c.id)) next.delete(c.id);
      else next.add(c.id);
      return next;
    });

  const first = (view.page - 1) * PAGE + 1;
  const shown = columns.map((key) => LIST_COLUMNS.find((c) => c.key === key)).filter((c) => c !== undefined);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Contacts</h1>
        <div className="flex flex-wrap gap-2">
          {/* A route handler streams the file: a plain link, so the browser downloads it. */}
          <a href={exportHref(filtersOf(view))} download className="btn-secondary">
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

      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1">
          <label htmlFor="contact-search" className="label">
            Search
          </label>
          <input
            id="contact-search"
            type="search"
            className="input"
            placeholder="Name, email, phone or company"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="list-sort" className="label">
            Sort
          </label>
          <select
            id="list-sort"
            className="input"
            value={`${view.sort}:${view.direction}`}
            onChange={(e) => {
              const [sort, direction] = e.target.value.split(":") as [ContactSort, SortDirection];
              go({ sort, direction }, "push");
            }}
          >
            {SORT_OPTIONS.map((o) => (
              <option key={`${o.sort}:${o.direction}`} value={`${o.sort}:${o.direction}`}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <ColumnChooser columns={columns} onChange={setColumns} />
        <button
          type="button"
          className="btn-secondary sm:hidden"
          aria-expanded={filtersOpen}
          aria-controls="list-filters"
          onClick={() => setFiltersOpen((o) => !o)}
        >
          Filters{filtered ? " (on)" : ""}
        </button>
      </div>

      <search
        id="list-filters"
        className={`card gap-3 sm:grid sm:grid-cols-3 ${filtersOpen ? "grid" : "hidden"}`}
      >
        <div>
          <label htmlFor="filter-tag" className="label">
            Tags
          </label>
          <input
            id="filter-tag"
            type="text"
            className="input"
            placeholder="e.g. tier, esg"
            aria-describedby="filter-tag-hint"
            value={tagText}
            onChange={(e) => setTagText(e.target.value)}
          />
          <p id="filter-tag-hint" className="mt-1 text-xs text-slate-600">
            Beginnings of tags, separated by commas; all must match.
          </p>
        </div>
        <div>
          <label htmlFor="filter-company" className="label">
            Company
          </label>
          {view.companyId ? (
            <div className="flex items-center gap-2 py-1">
              <span className="truncate text-sm font-medium">{company.data?.name ?? "…"}</span>
              <button
                type="button"
                className="btn-secondary px-2 py-1"
                aria-label={`Clear company filter ${company.data?.name ?? ""}`.trim()}
                onClick={() => go({ companyId: null }, "push")}
              >
                ×
              </button>
            </div>
          ) : (
            <CompanyPicker
              id="filter-company"
              onPick={(c) => go({ companyId: c.id }, "push")}
              placeholder="Any company"
            />
          )}
        </div>
        <div>
          <label htmlFor="filter-blocked" className="label">
            Blocked
          </label>
          <select
            id="filter-blocked"
            className="input"
            value={view.blocked}
            onChange={(e) => go({ blocked: e.target.value as ListView["blocked"] }, "push")}
          >
            <option value="any">Any</option>
            <option value="no">Not blocked</option>
            <option value="yes">Blocked</option>
          </select>
        </div>
      </search>

      {canWrite && selectedContacts.length > 0 && (
        <BulkActions
          selected={selectedContacts}
          onDone={() => {
            void utils.contact.list.invalidate();
            void utils.contact.count.invalidate();
          }}
        />
      )}

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
              {filtered
                ? "No contact matches these filters."
                : view.cursor
                  ? "No more contacts."
                  : "No contacts yet."}
            </p>
            {!filtered && !view.cursor && canWrite && (
              <Link href="/contacts/new" className="mt-2 inline-block text-brand-700 underline">
                Create the first one
              </Link>
            )}
          </div>
        )}
        {contacts.length > 0 && (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="w-10 px-3 py-2">
                    <input
                      type="checkbox"
                      className="h-5 w-5"
                      aria-label="Select all on this page"
                      checked={allSelected}
                      onChange={() =>
                        setSelected(allSelected ? new Set() : new Set(contacts.map((c) => c.id)))
                      }
                    />
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Name
                  </th>
                  {shown.map((c) => (
                    <th key={c.key} scope="col" className="px-3 py-2 font-medium">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {contacts.map((c) => (
                  <tr key={c.id} data-testid="contact-row" className="hover:bg-slate-50">
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        className="h-5 w-5"
                        aria-label={`Select ${displayName(c)}`}
                        checked={selected.has(c.id)}
                        onChange={() => toggle(c)}
                      />
                    </td>
                    <td className="px-3 py-2">
                      <Link href={`/contacts/${c.id}`} className="font-medium text-brand-700 hover:underline">
                        {displayName(c)}
                      </Link>
                      {c.blocked && (
                        <span className="ml-2 rounded bg-red-100 px-1.5 text-xs font-medium text-red-800">
                          Blocked
                        </span>
                      )}
                    </td>
                    {shown.map((col) => (
                      <td key={col.key} className="px-3 py-2 text-slate-700">
                        {cellText(c, col.key)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-4 flex flex-wrap items-center gap-3">
          {view.cursor && (
            <Link
              href={`/contacts${writeListView({ ...view, cursor: null, page: 1 })}`}
              className="btn-secondary"
            >
              First page
            </Link>
          )}
          {list.data?.nextCursor && (
            <button
              type="button"
              className="btn-secondary"
              onClick={() => go({ cursor: list.data?.nextCursor ?? null, page: view.page + 1 }, "push")}
            >
              Next page
            </button>
          )}
          {list.isSuccess && contacts.length > 0 && (
            <p className="text-sm text-slate-600" aria-live="polite" data-testid="list-total">
              Showing {formatCount(first)}–{formatCount(first + contacts.length - 1)}
              {count.data ? ` of ${formatCount(count.data.total)}${count.data.capped ? "+" : ""}` : ""}
            </p>
          )}
        </div>
      </section>
    </div>
  );
}
