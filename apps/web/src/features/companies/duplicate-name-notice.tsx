"use client";

import type { CompanyWarning } from "@contacts/contracts";
import Link from "next/link";

/** The duplicate-name warning of a company write: the others of that name, by domain. */
export function DuplicateNameNotice({ warnings }: { warnings: readonly CompanyWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div role="status" className="card border-amber-300 bg-amber-50 text-sm">
      {warnings.map((warning) => (
        <div key={warning.code}>
          <p className="font-medium">{warning.message}</p>
          <ul className="mt-1 list-disc pl-5">
            {warning.companies.map((c) => (
              <li key={c.id}>
                <Link href={`/companies/${c.id}`} className="text-brand-700 underline">
                  {c.name}
                </Link>{" "}
                <span className="text-slate-700">{c.domain ?? "(no domain)"}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
