"use client";

import type { Contact } from "@contacts/contracts";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import { toast } from "@/components/toast";
import { ReadOnlyNote, useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";
import { ContactFields } from "./contact-fields";
import { FIELD_LABELS, fieldLabel } from "./field-labels";
import { formToPatch } from "./form-to-patch";
import { contactToForm } from "./form-values";
import { errorsOutside, type FieldErrors, issuesToFieldErrors } from "./issues-to-field-errors";

// Shown only after a conflicting save: its code (and radix-ui's) loads then, not with the page.
const loadConflictDialog = () => import("./conflict-dialog");
const ConflictDialog = dynamic(() => loadConflictDialog().then((m) => m.ConflictDialog), { ssr: false });

/** The edit form of one contact: sends only what changed, with the version it started from. */
export function ContactEditor({ contact }: { contact: Contact }) {
  const canWrite = useCan("contacts:write");
  const utils = trpc.useUtils();
  const [base, setBase] = useState(contact);
  const [values, setValues] = useState(() => contactToForm(contact));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<Contact | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const update = trpc.contact.update.useMutation();

  const patch = formToPatch(contactToForm(base), values);
  const changed = Object.keys(patch);
  const formErrors = errorsOutside(errors, Object.keys(FIELD_LABELS));

  // After a rejected save, take the user to the first field that needs attention.
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [errors]);

  function saved(result: Contact) {
    setBase(result);
    setValues(contactToForm(result));
    setErrors({});
    setConflict(null);
    utils.contact.get.setData({ id: result.id }, result);
    void utils.contact.history.invalidate({ id: result.id });
    void utils.contact.list.invalidate();
    toast.success("Contact saved");
  }

  async function save(expectedVersion: number) {
    try {
      saved(await update.mutateAsync({ id: base.id, data: patch, expectedVersion }));
    } catch (err) {
      const data = errorData(err);
      if (data.code === "BAD_REQUEST" && data.issues) {
        setErrors(issuesToFieldErrors(data.issues, ["data"]));
        toast.error("Not saved: some fields need attention");
      } else if (data.reason === "STALE_VERSION") {
        void loadConflictDialog(); // while the latest version is fetched
        setConflict(await utils.client.contact.get.query({ id: base.id }));
      } else if (data.reason === "EXTERNAL_REF_TAKEN") {
        setErrors({ externalRefs: [errorMessage(err)] });
        toast.error("Not saved: a reference belongs to another contact");
      } else {
        toast.error(`Not saved: ${errorMessage(err)}`);
      }
    }
  }

  return (
    <form
      ref={formRef}
      noValidate
      aria-label="Edit contact"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed.length > 0) void save(base.version);
      }}
    >
      {formErrors.length > 0 && (
        <div
          role="alert"
          className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800"
        >
          {formErrors.join(" ")}
        </div>
      )}
      {/* A read-only role sees the contact as the form shows it, but cannot change or save it. */}
      <fieldset disabled={!canWrite} className="contents">
        <legend className="sr-only">Contact fields</legend>
        <ContactFields values={values} setValues={setValues} errors={errors} />
      </fieldset>
      <div className="sticky bottom-0 z-10 mt-6 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 py-3">
        <button
          type="submit"
          className="btn-primary min-w-32"
          disabled={!canWrite || changed.length === 0 || update.isPending}
          aria-describedby={canWrite ? undefined : "read-only-save"}
        >
          {update.isPending ? "Saving…" : "Save changes"}
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={changed.length === 0 || update.isPending}
          onClick={() => {
            setValues(contactToForm(base));
            setErrors({});
          }}
        >
          Discard changes
        </button>
        {!canWrite && <ReadOnlyNote id="read-only-save" />}
        <p className="text-sm text-slate-700" aria-live="polite" hidden={!canWrite ? true : undefined}>
          {changed.length === 0
            ? `Version ${base.version}, no unsaved changes`
            : `Unsaved: ${changed.map(fieldLabel).join(", ")}`}
        </p>
      </div>
      {conflict && (
        <ConflictDialog
          base={base}
          latest={conflict}
          mine={changed}
          pending={update.isPending}
          onCancel={() => setConflict(null)}
          onReload={() => {
            setBase(conflict);
            setValues(contactToForm(conflict));
            setErrors({});
            setConflict(null);
            utils.contact.get.setData({ id: conflict.id }, conflict);
            void utils.contact.history.invalidate({ id: conflict.id });
            toast.info("Reloaded the latest version");
          }}
          onOverwrite={async () => {
            // Send my changes against their version; fields I did not touch keep theirs.
            const mine = formToPatch(contactToForm(base), values);
            try {
              saved(await update.mutateAsync({ id: base.id, data: mine, expectedVersion: conflict.version }));
            } catch (err) {
              setConflict(null);
              const data = errorData(err);
              if (data.code === "BAD_REQUEST" && data.issues)
                setErrors(issuesToFieldErrors(data.issues, ["data"]));
              toast.error(`Not saved: ${errorMessage(err)}`);
            }
          }}
        />
      )}
    </form>
  );
}
