"use client";

import type { Contact, MergeSide, ScalarField } from "@contacts/contracts";
import { dedupeTags } from "@contacts/contracts/fields/dedupe-tags";
import { SCALAR_FIELDS } from "@contacts/contracts/schemas/contact-field-kinds";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/components/toast";
import { ReadOnlyNote, useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorMessage } from "@/lib/trpc-error";
import { displayName } from "./display-name";
import { fieldLabel } from "./field-labels";
import { formatFieldValue } from "./format-field-value";

/** The side the server takes when none is chosen: the survivor's value, or the merged one's if it has none. */
const defaultSide = (survivor: Contact, field: ScalarField): MergeSide =>
  survivor[field] === null ? "merged" : "survivor";

/** The survivor as the merge will leave it (the server's rules, docs/api.md §6.16), for the preview. */
function preview(survivor: Contact, merged: Contact, sides: Record<ScalarField, MergeSide>): Contact {
  const next: Contact = { ...survivor };
  for (const field of SCALAR_FIELDS) {
    if (sides[field] === "merged") (next as Record<string, unknown>)[field] = merged[field];
  }
  next.tags = dedupeTags([...survivor.tags, ...merged.tags]);
  const companies = new Set(survivor.connections.map((c) => c.company.id));
  const hasPrimary = survivor.connections.some((c) => c.primary);
  next.connections = [
    ...survivor.connections,
    ...merged.connections
      .filter((c) => !companies.has(c.company.id))
      .map((c) => ({ ...c, primary: hasPrimary ? false : c.primary })),
  ];
  const refs = new Set(survivor.externalRefs.map((r) => `${r.namespace}:${r.id}`));
  next.externalRefs = [
    ...survivor.externalRefs,
    ...merged.externalRefs.filter((r) => !refs.has(`${r.namespace}:${r.id}`)),
  ];
  return next;
}

/** Side by side: each differing field is picked with one click, the result previewed before saving. */
export function MergeScreen({ survivorId, mergedId }: { survivorId: string; mergedId: string }) {
  const survivor = trpc.contact.get.useQuery({ id: survivorId });
  const merged = trpc.contact.get.useQuery({ id: mergedId });
  if (survivor.isPending || merged.isPending) return <p aria-busy="true">Loading both contacts…</p>;
  if (survivor.isError || merged.isError) {
    return (
      <div className="card">
        <h1 className="text-xl font-semibold">Cannot merge these contacts</h1>
        <p className="text-sm">{errorMessage(survivor.error ?? merged.error)}</p>
      </div>
    );
  }
  return <MergeForm survivor={survivor.data} merged={merged.data} />;
}

function MergeForm({ survivor, merged }: { survivor: Contact; merged: Contact }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const merge = trpc.contact.merge.useMutation();
  const canWrite = useCan("contacts:write");
  const differing = SCALAR_FIELDS.filter((f) => survivor[f] !== merged[f]);
  const [sides, setSides] = useState(
    () =>
      Object.fromEntries(SCALAR_FIELDS.map((f) => [f, defaultSide(survivor, f)])) as Record<
        ScalarField,
        MergeSide
      >,
  );
  const result = preview(survivor, merged, sides);

  async function onMerge() {
    try {
      const fields = Object.fromEntries(differing.map((f) => [f, sides[f]]));
      const done = await merge.mutateAsync({
        survivorId: survivor.id,
        mergedId: merged.id,
        fields,
        expectedVersions: { survivor: survivor.version, merged: merged.version },
      });
      utils.contact.get.setData({ id: done.id }, done);
      void utils.contact.history.invalidate({ id: done.id });
      void utils.contact.get.invalidate({ id: merged.id });
      void utils.contact.list.invalidate();
      void utils.contact.duplicates.invalidate();
      toast.success(`Merged ${displayName(merged)} into ${displayName(done)}`);
      router.push(`/contacts/${done.id}`);
    } catch (err) {
      toast.error(`Not merged: ${errorMessage(err)}`);
    }
  }

  return (
    <div className="space-y-6">
      <div>
        <Link href={`/contacts/${survivor.id}`} className="text-sm text-brand-700 underline">
          ← {displayName(survivor)}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Merge two contacts</h1>
        <p className="text-sm text-slate-600">
          {displayName(merged)} is merged into {displayName(survivor)}: pick the value to keep where they
          differ. Tags, companies and references of both are kept.
        </p>
      </div>
      <section className="card" aria-labelledby="fields-heading">
        <h2 id="fields-heading" className="mb-3 text-base font-semibold">
          Fields that differ
        </h2>
        {differing.length === 0 && <p className="text-sm">No field differs.</p>}
        <div className="space-y-3">
          {differing.map((field) => (
            <fieldset key={field} className="grid gap-2 sm:grid-cols-[10rem_1fr_1fr]">
              <legend className="sr-only">{fieldLabel(field)}</legend>
              <span aria-hidden className="text-sm font-medium">
                {fieldLabel(field)}
              </span>
              {(["survivor", "merged"] as const).map((side) => (
                <label key={side} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={field}
                    checked={sides[field] === side}
                    onChange={() => setSides((s) => ({ ...s, [field]: side }))}
                    aria-label={`${fieldLabel(field)}: ${formatFieldValue(field, (side === "survivor" ? survivor : merged)[field])}`}
                  />
                  {formatFieldValue(field, (side === "survivor" ? survivor : merged)[field])}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="preview-heading" data-testid="merge-preview">
        <h2 id="preview-heading" className="mb-3 text-base font-semibold">
          After the merge
        </h2>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          {[...SCALAR_FIELDS, "tags", "connections", "externalRefs"].map((field) => (
            <div key={field} className="contents">
              <dt className="text-slate-700">{fieldLabel(field)}</dt>
              <dd data-field={field}>{formatFieldValue(field, result[field as keyof Contact])}</dd>
            </div>
          ))}
        </dl>
      </section>
      {canWrite ? (
        <button type="button" className="btn-primary" onClick={onMerge} disabled={merge.isPending}>
          {merge.isPending ? "Merging…" : "Merge"}
        </button>
      ) : (
        <ReadOnlyNote />
      )}
    </div>
  );
}
