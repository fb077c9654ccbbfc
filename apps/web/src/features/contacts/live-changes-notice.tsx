"use client";

import { fieldLabel } from "./field-labels";
import { formatFieldValue } from "./format-field-value";
import type { CollidingField } from "./rebase-form";

/** What someone else saved while this form was open, said once, politely, to screen readers too. */
export function LiveChangesNotice(props: {
  latest: { by: string; fields: string[]; version: number } | null;
  colliding: Record<string, CollidingField>;
  onUseTheirs: (field: string) => void;
  onKeepMine: (field: string) => void;
}) {
  const colliding = Object.entries(props.colliding);
  return (
    <div aria-live="polite" className="space-y-2">
      {props.latest && props.latest.fields.length > 0 && (
        <p
          className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900"
          data-testid="live-change"
        >
          <strong>{props.latest.by}</strong> just changed {props.latest.fields.map(fieldLabel).join(", ")}{" "}
          (now version {props.latest.version}).{" "}
          {colliding.length === 0 ? "Your unsaved changes are kept." : ""}
        </p>
      )}
      {colliding.map(([field, c]) => (
        <div
          key={field}
          className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          data-testid="colliding-field"
        >
          <span>
            You and <strong>{c.by}</strong> both changed <strong>{fieldLabel(field)}</strong>. Theirs:{" "}
            <q className="break-all">{formatFieldValue(field, c.theirs) || "(empty)"}</q>
          </span>
          <span className="ml-auto flex gap-2">
            <button type="button" className="btn-secondary" onClick={() => props.onUseTheirs(field)}>
              Use theirs
            </button>
            <button type="button" className="btn-secondary" onClick={() => props.onKeepMine(field)}>
              Keep mine
            </button>
          </span>
        </div>
      ))}
    </div>
  );
}
