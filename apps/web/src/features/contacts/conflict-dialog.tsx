"use client";

import { Dialog } from "radix-ui";
import { useState } from "react";
import { fieldLabel } from "./field-labels";
import { formatFieldValue } from "./format-field-value";

export type Choice = "theirs" | "mine";

/** One field both the user and someone else changed: their saved value and the user's. */
export interface ConflictRow {
  field: string;
  theirs: unknown;
  mine: unknown;
}

/**
 * Both changed the same fields: who did, theirs and yours side by side, a choice per field.
 * Nothing is chosen for the user (the neutral default), and Cancel, which keeps the form as it
 * is, has the focus; Save is possible once every field has a choice.
 */
export function ConflictDialog(props: {
  by: string[];
  version: number;
  rows: ConflictRow[];
  pending: boolean;
  onSave: (choices: Record<string, Choice>) => void;
  onCancel: () => void;
}) {
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const complete = props.rows.every((r) => choices[r.field] !== undefined);
  const who = props.by.length ? props.by.join(", ") : "Someone else";
  return (
    <Dialog.Root open onOpenChange={(open) => !open && props.onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[min(44rem,calc(100vw-1.5rem))] -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-lg bg-white p-5 shadow-xl"
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            document.getElementById("conflict-cancel")?.focus();
          }}
        >
          <Dialog.Title className="text-lg font-semibold">Someone else changed this contact</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-700">
            <strong>{who}</strong> saved version {props.version} while you were editing, changing{" "}
            {props.rows.length === 1 ? "a field" : "fields"} you changed too. Choose which value to keep for
            each; nothing is saved until you do.
          </Dialog.Description>
          <table className="mt-4 w-full text-left text-sm">
            <caption className="sr-only">Fields you both changed</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1 pr-2">
                  Field
                </th>
                <th scope="col" className="py-1 pr-2">
                  Theirs
                </th>
                <th scope="col" className="py-1">
                  Yours
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr
                  key={row.field}
                  className="border-b border-slate-100 align-top"
                  data-testid="conflict-field"
                >
                  <th scope="row" className="py-2 pr-2 font-medium">
                    {fieldLabel(row.field)}
                  </th>
                  {(["theirs", "mine"] as const).map((choice) => (
                    <td key={choice} className="py-2 pr-2 break-words">
                      <label className="flex min-h-6 items-start gap-2">
                        <input
                          type="radio"
                          name={`conflict-${row.field}`}
                          className="mt-1"
                          checked={choices[row.field] === choice}
                          onChange={() => setChoices((c) => ({ ...c, [row.field]: choice }))}
                          aria-label={`${fieldLabel(row.field)}: keep ${choice === "theirs" ? "theirs" : "yours"}`}
                        />
                        <span>
                          {formatFieldValue(row.field, choice === "theirs" ? row.theirs : row.mine)}
                        </span>
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <button id="conflict-cancel" type="button" className="btn-secondary" onClick={props.onCancel}>
              Cancel
            </button>
            <button
              type="button"
              className="btn-primary"
              disabled={!complete || props.pending}
              onClick={() => props.onSave(choices)}
            >
              Save with these choices
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
