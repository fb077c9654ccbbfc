"use client";

import { getQueryKey } from "@trpc/react-query";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { FieldError } from "@/components/field-error";
import { toast } from "@/components/toast";
import { useDebounced } from "@/components/use-debounced";
import { ReadOnlyNote, useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";
import { useKeysetPages } from "@/lib/use-keyset-pages";

export function CompaniesPage() {
  const utils = trpc.useUtils();
  const [search, setSearch] = useState("");
  const [name, setName] = useState("");
  const [domain, setDomain] = useState("");
  const [nameError, setNameError] = useState<string[]>([]);
  const [domainError, setDomainError] = useState<string[]>([]);
  const debounced = useDebounced(search.trim());
  const input = { search: debounced || undefined, limit: 50 };
  const list = useKeysetPages(getQueryKey(trpc.company.list, input, "infinite"), (cursor) =>
    utils.client.company.list.query({ ...input, cursor }),
  );
  const create = trpc.company.create.useMutation();
  const canWrite = useCan("companies:write");
  const companies = list.data?.pages.flatMap((p) => p.items) ?? [];

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    try {
      const company = await create.mutateAsync({ name, ...(domain.trim() ? { domain } : {}) });
      setName("");
      setDomain("");
      setNameError([]);
      setDomainError([]);
      void utils.company.list.invalidate();
      toast.success(`Created ${company.name}`);
      for (const warning of company.warnings) toast.info(warning.message);
    } catch (err) {
      const issues = errorData(err).issues;
      const at = (key: string) => (issues ?? []).filter((i) => i.path[0] === key).map((i) => i.message);
      setNameError(issues ? at("name") : [errorMessage(err)]);
      setDomainError(at("domain"));
    }
  }

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Companies</h1>
      {!canWrite && <ReadOnlyNote className="card" />}
      <form
        hidden={!canWrite}
        onSubmit={onCreate}
        noValidate
        className="card flex flex-wrap items-start gap-3"
        aria-label="New company"
      >
        <div className="min-w-56 flex-1">
          <label htmlFor="company-name" className="label">
            New company name
          </label>
          <input
            id="company-name"
            className="input"
            value={name}
            aria-invalid={nameError.length > 0 || undefined}
            aria-describedby="company-name-error"
            onChange={(e) => setName(e.target.value)}
          />
          <FieldError id="company-name-error" messages={nameError} />
        </div>
        <div className="min-w-56 flex-1">
          <label htmlFor="company-domain" className="label">
            Domain or website (optional)
          </label>
          <input
            id="company-domain"
            className="input"
            inputMode="url"
            placeholder="aurora.se"
            value={domain}
            aria-invalid={domainError.length > 0 || undefined}
            aria-describedby="company-domain-error"
            onChange={(e) => setDomain(e.target.value)}
          />
          <FieldError id="company-domain-error" messages={domainError} />
        </div>
        <button type="submit" className="btn-primary mt-6" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create company"}
        </button>
      </form>
      <div>
        <label htmlFor="company-search" className="label">
          Search companies
        </label>
        <input
          id="company-search"
          type="search"
          className="input max-w-md"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {list.isPending && <p className="text-sm text-slate-600">Loading companies…</p>}
      {list.isSuccess && companies.length === 0 && (
        <p className="card">
          {debounced ? "No company matches." : "No companies yet: create the first above."}
        </p>
      )}
      {companies.length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {companies.map((c) => (
            <li key={c.id} className="flex flex-wrap gap-x-3 px-4 py-2.5 text-sm" data-testid="company-row">
              <Link href={`/companies/${c.id}`} className="font-medium text-brand-700 underline">
                {c.name}
              </Link>
              {c.domain && <span className="text-slate-600">{c.domain}</span>}
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="btn-secondary" onClick={() => list.fetchNextPage()}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
