"use client";

import type { CompanyWarning } from "@contacts/contracts";
import Link from "next/link";
import { useState } from "react";
import { trpc } from "@/lib/trpc";
import { errorData } from "@/lib/trpc-error";
import { CompanyContacts } from "./company-contacts";
import { CompanyForm } from "./company-form";
import { CompanyHistory } from "./company-history";
import { DeleteCompanyButton } from "./delete-company-button";
import { DuplicateNameNotice } from "./duplicate-name-notice";

/** A company: its name and domain (editable), its contacts, its history, and its deletion. */
export function CompanyPage({ id }: { id: string }) {
  const company = trpc.company.get.useQuery({ id });
  // The warnings of the last save, kept here: the form starts afresh at each new version.
  const [warnings, setWarnings] = useState<CompanyWarning[]>([]);

  if (company.isPending) {
    return (
      <div aria-busy="true" className="space-y-4">
        <h1 className="text-2xl font-semibold">Loading company…</h1>
        <div className="card h-64 animate-pulse" />
      </div>
    );
  }
  if (company.isError) {
    return (
      <div className="card">
        <h1 className="text-xl font-semibold">
          {errorData(company.error).reason === "COMPANY_NOT_FOUND"
            ? "Company not found"
            : "Could not load the company"}
        </h1>
        <Link href="/companies" className="mt-3 inline-block text-brand-700 underline">
          Back to companies
        </Link>
      </div>
    );
  }
  const { data } = company;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/companies" className="text-sm text-brand-700 underline">
          ← Companies
        </Link>
        <div className="mt-1 flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold break-words">{data.name}</h1>
            {data.domain ? (
              <a
                href={`https://${data.domain}`}
                target="_blank"
                rel="noopener noreferrer"
                className="text-sm break-all text-brand-700 underline"
              >
                {data.domain}
              </a>
            ) : (
              <p className="text-sm text-slate-600">No domain</p>
            )}
          </div>
          <DeleteCompanyButton company={data} />
        </div>
      </div>
      <DuplicateNameNotice warnings={warnings} />
      <CompanyForm key={`${data.id}-${data.version}`} company={data} onSaved={setWarnings} />
      <CompanyContacts id={id} />
      <CompanyHistory id={id} />
    </div>
  );
}
