"use client";

import type { Company, CompanyWarning, UpdateCompanyRequest } from "@contacts/contracts";
import { type FormEvent, useState } from "react";
import { FieldError } from "@/components/field-error";
import { toast } from "@/components/toast";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";

type Field = "name" | "domain";

/**
 * Rename a company or change its domain. Sends only what changed, with the version it
 * started from; when someone else saved in between, says what they changed and lets the
 * person overwrite or take their version.
 */
export function CompanyForm(props: { company: Company; onSaved: (warnings: CompanyWarning[]) => void }) {
  const { company } = props;
  const utils = trpc.useUtils();
  const update = trpc.company.update.useMutation();
  const [name, setName] = useState(company.name);
  const [domain, setDomain] = useState(company.domain ?? "");
  const [errors, setErrors] = useState<Partial<Record<Field, string[]>>>({});
  const [theirs, setTheirs] = useState<Company | null>(null);

  const data: UpdateCompanyRequest = {};
  if (name.trim() !== company.name) data.name = name;
  if (domain.trim() !== (company.domain ?? "")) data.domain = domain.trim() === "" ? null : domain;
  const changed = Object.keys(data).length > 0;

  async function save(expectedVersion: number | undefined) {
    try {
      const { warnings, ...saved } = await update.mutateAsync({
        id: company.id,
        data,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      });
      props.onSaved(warnings);
      setTheirs(null);
      // A no-op keeps the version (and this form): show the stored spelling all the same.
      setName(saved.name);
      setDomain(saved.domain ?? "");
      utils.company.get.setData({ id: company.id }, saved);
      void utils.company.history.invalidate({ id: company.id });
      void utils.company.list.invalidate();
      toast.success("Company saved");
    } catch (err) {
      const error = errorData(err);
      if (error.code === "BAD_REQUEST" && error.issues) {
        const next: Partial<Record<Field, string[]>> = {};
        for (const issue of error.issues) {
          const field = issue.path[1] === "domain" ? "domain" : "name";
          next[field] = [...(next[field] ?? []), issue.message];
        }
        setErrors(next);
        toast.error("Not saved: some fields need attention");
      } else if (error.reason === "STALE_VERSION") {
        setTheirs(await utils.client.company.get.query({ id: company.id }));
      } else {
        toast.error(`Not saved: ${errorMessage(err)}`);
      }
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    if (changed) void save(company.version);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Edit company" className="card space-y-3">
      <h2 className="text-base font-semibold">Details</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="company-edit-name" className="label">
            Name
          </label>
          <input
            id="company-edit-name"
            className="input"
            value={name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby="company-edit-name-error"
            onChange={(e) => setName(e.target.value)}
          />
          <FieldError id="company-edit-name-error" messages={errors.name ?? []} />
        </div>
        <div>
          <label htmlFor="company-edit-domain" className="label">
            Domain or website
          </label>
          <input
            id="company-edit-domain"
            className="input"
            inputMode="url"
            placeholder="aurora.se"
            value={domain}
            aria-invalid={errors.domain ? true : undefined}
            aria-describedby="company-edit-domain-error"
            onChange={(e) => setDomain(e.target.value)}
          />
          <FieldError id="company-edit-domain-error" messages={errors.domain ?? []} />
        </div>
      </div>
      {theirs && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium">Someone else changed this company while you were editing.</p>
          <p className="mt-1">
            It is now named “{theirs.name}”, domain {theirs.domain ?? "(none)"} (version {theirs.version}
            ). Your changes are not saved yet.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-secondary"
              disabled={update.isPending}
              onClick={() => utils.company.get.setData({ id: company.id }, theirs)}
            >
              Reload their version
            </button>
            <button
              type="button"
              className="btn-primary"
              disabled={update.isPending}
              onClick={() => void save(theirs.version)}
            >
              Overwrite with my changes
            </button>
          </div>
        </div>
      )}
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={!changed || update.isPending}>
          {update.isPending ? "Saving…" : "Save company"}
        </button>
      </div>
    </form>
  );
}
