"use client";

import type { Contact } from "@contacts/contracts";
import { Dialog } from "radix-ui";
import { fieldLabel, formatFieldValue } from "./field-labels";
import { changedFields } from "./form-to-patch";
import { contactToForm } from "./form-values";

/** Which fields someone else changed between the version the user started from and now. */
export function theirChanges(base: Contact, latest: Contact): string[] {
  return changedFields(contactToForm(base), contactToForm(latest));
}

export function ConflictDialog(props: {
  base: Contact;
  latest: Contact;
  mine: string[];
  onReload: () => void;
  onOverwrite: () => void;
  onCancel: () => void;
  pending: boolean;
}) {
  const { base, latest } = props;
  const theirs = theirChanges(base, latest);
  const both = theirs.filter((f) => props.mine.includes(f));
  return (
    <Dialog.Root open onOpenChange={(open) => !open && props.onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[min(40rem,calc(100vw-1.5rem))] -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Someone else changed this contact</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-700">
            While you were editing, it went from version {base.version} to {latest.version}. Your changes are
            not saved yet.
          </Dialog.Description>
          <table className="mt-4 w-full text-left text-sm">
            <caption className="sr-only">Their changes</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1 pr-2">
                  Field
                </th>
                <th scope="col" className="py-1 pr-2">
                  Was
                </th>
                <th scope="col" className="py-1">
                  Now
                </th>
              </tr>
            </thead>
            <tbody>
              {theirs.map((field) => (
                <tr key={field} className="border-b border-slate-100 align-top" data-testid="conflict-field">
                  <th scope="row" className="py-1 pr-2 font-medium">
                    {fieldLabel(field)}
                    {both.includes(field) && (
                      <span className="ml-1 text-xs text-red-700">(you changed it too)</span>
                    )}
                  </th>
                  <td className="py-1 pr-2 break-words text-slate-600">
                    {formatFieldValue(field, (base as Record<string, unknown>)[field])}
                  </td>
                  <td className="py-1 break-words">
                    {formatFieldValue(field, (latest as Record<string, unknown>)[field])}
                  </td>
                </tr>
              ))}
              {theirs.length === 0 && (
                <tr>
                  <td colSpan={3} className="py-2 text-slate-600">
                    No field differs any more (the change was undone).
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <p className="mt-4 text-sm text-slate-700">
            <strong>Overwrite</strong> saves your changes ({props.mine.map(fieldLabel).join(", ")}) on top of
            theirs; fields only they changed keep their values. <strong>Reload</strong> drops your changes and
            shows their version.
          </p>
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={props.onReload} disabled={props.pending}>
              Reload their version
            </button>
            <button
              type="button"
              className="btn-primary"
              onClick={props.onOverwrite}
              disabled={props.pending}
            >
              Overwrite with my changes
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
