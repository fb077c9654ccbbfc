"use client";

import type { Contact, ScalarField } from "@contacts/contracts";
import { SCALAR_FIELDS } from "@contacts/contracts/schemas/contact-field-kinds";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { toast } from "@/components/toast";
import { ReadOnlyNote, useCan } from "@/features/auth/role-context";
import { awaitSignIn, onSessionRestored, takeIfSignedInAgain } from "@/lib/session-events";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";
import { ContactFields } from "./contact-fields";
import { displayName } from "./display-name";
import { FIELD_LABELS, fieldLabel } from "./field-labels";
import { changedFields, formToPatch } from "./form-to-patch";
import { type ContactFormValues, contactToForm } from "./form-values";
import { errorsOutside, type FieldErrors, issuesToFieldErrors } from "./issues-to-field-errors";
import { LiveChangesNotice } from "./live-changes-notice";
import { type CollidingField, rebaseForm } from "./rebase-form";
import { clearDraft, readDraft, useDraft } from "./use-draft";
import { useLeaveGuard } from "./use-leave-guard";

// The contract's schemas (zod, libphonenumber-js: ~65 kB) load when a field is first left.
const loadValidator = () => import("./validate-field").then((m) => m.validateField);

// Shown only after a conflicting save: its code (and radix-ui's) loads then, not with the page.
const loadConflictDialog = () => import("./conflict-dialog");
type ConflictRow = import("./conflict-dialog").ConflictRow;
const ConflictDialog = dynamic(() => loadConflictDialog().then((m) => m.ConflictDialog), { ssr: false });

/** What the editor reads of a contact.watch event (ContactWatchEvent). */
type WatchEvent = {
  kind: "current" | "change";
  contact: Contact | null;
  entry?: { actor: { name: string } };
};

/** The user's value of a field, shaped as a contact holds it (to show beside theirs). */
function mineAsContactValue(field: string, base: Contact, values: ContactFormValues): unknown {
  if (field === "connections") {
    return values.connections.map((c) => ({
      company: { id: c.companyId, name: c.companyName },
      jobTitle: c.jobTitle.trim() || null,
      primary: c.primary,
    }));
  }
  const patch = formToPatch(contactToForm(base), values) as Record<string, unknown>;
  return field in patch ? patch[field] : (base as Record<string, unknown>)[field];
}

/** The edit form of one contact: sends only what changed, with the version it started from. */
export function ContactEditor({ contact }: { contact: Contact }) {
  const canWrite = useCan("contacts:write");
  const utils = trpc.useUtils();
  const [base, setBase] = useState(contact);
  // An edit this browser kept from before a reload or a closed tab, moved onto the contact as
  // it is now (fields someone else changed meanwhile, and the user did not, take their values).
  const [restored, setRestored] = useState(() => {
    const draft = readDraft(contact.id);
    if (!draft) return null;
    const rebased = rebaseForm(draft.base, draft.values, contact);
    const pending = changedFields(contactToForm(contact), rebased.values);
    return pending.length ? { values: rebased.values, savedAt: draft.savedAt } : null;
  });
  const [values, setValues] = useState(() => restored?.values ?? contactToForm(contact));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflictOpen, setConflictOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const update = trpc.contact.update.useMutation();
  // Changes others save while this form is open, seen live (contact.watch, docs/api.md §6.20).
  const [latest, setLatest] = useState<{ by: string; fields: string[]; version: number } | null>(null);
  const [colliding, setColliding] = useState<Record<string, CollidingField>>({});
  const [gone, setGone] = useState<string | null>(null);
  const live = useRef({ base, values });
  live.current = { base, values };
  trpc.contact.watch.useSubscription(
    { id: contact.id },
    {
      onData: ({ data: event }) => {
        // A save in flight: its own change may arrive before its answer. Kept until the save
        // is done, then applied only if it is newer than what the save left.
        if (saving.current) {
          deferred.current = event;
          return;
        }
        applyRemote(event);
      },
    },
  );
  const saving = useRef(false);
  const deferred = useRef<WatchEvent | null>(null);
  function applyRemote(event: WatchEvent) {
    const now = live.current;
    const by = event.kind === "change" && event.entry ? event.entry.actor.name : "Someone";
    if (!event.contact) {
      setGone(by);
      return;
    }
    if (event.contact.version <= now.base.version) return;
    const rebased = rebaseForm(now.base, now.values, event.contact);
    setBase(event.contact);
    setValues(rebased.values);
    live.current = { base: event.contact, values: rebased.values };
    setLatest({ by, fields: rebased.theirs, version: event.contact.version });
    setColliding((prev) => {
      const next: Record<string, CollidingField> = { ...prev };
      for (const field of rebased.colliding) {
        next[field] = { theirs: (event.contact as Record<string, unknown>)[field], by };
      }
      return next;
    });
    void utils.contact.history.invalidate({ id: contact.id });
  }

  const patch = formToPatch(contactToForm(base), values);
  const changed = Object.keys(patch);
  useLeaveGuard(changed.length > 0);
  useDraft(base, values, changed.length > 0);
  // A save refused because the session ended runs again once the user has signed in again
  // (also when signing in mounted this editor anew: the draft brought the values back).
  useEffect(() => {
    const retry = () => {
      if (takeIfSignedInAgain(contact.id)) void save(live.current.base, live.current.values);
    };
    retry();
    return onSessionRestored(retry);
    // biome-ignore lint/correctness/useExhaustiveDependencies: save reads only its arguments and stable setters
  }, [contact.id]);
  const formErrors = errorsOutside(errors, Object.keys(FIELD_LABELS));

  // A field showing a problem is checked again as it is edited, so the message goes once fixed.
  useEffect(() => {
    const showing = Object.keys(errors).filter(
      (f) => (SCALAR_FIELDS as readonly string[]).includes(f) && (errors[f]?.length ?? 0) > 0,
    );
    if (showing.length === 0) return;
    void loadValidator().then((validate) =>
      setErrors((current) => {
        let next = current;
        for (const field of showing) {
          if (validate(field as ScalarField, values).length === 0) next = { ...next, [field]: [] };
        }
        return next;
      }),
    );
    // biome-ignore lint/correctness/useExhaustiveDependencies: rechecked as the values change, not as errors do
  }, [values]);

  // After a rejected save (not while checking fields as the user leaves them), take the user
  // to the first field that needs attention.
  const focusFirstError = useRef(false);
  useEffect(() => {
    if (!focusFirstError.current || Object.keys(errors).length === 0) return;
    focusFirstError.current = false;
    formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [errors]);
  const [refTaken, setRefTaken] = useState<{ ref: string; contactId: string; name: string } | null>(null);

  function saved(result: Contact) {
    setRefTaken(null);
    clearDraft(result.id);
    setRestored(null);
    setColliding({});
    setLatest(null);
    setBase(result);
    setValues(contactToForm(result));
    setErrors({});
    setConflictOpen(false);
    utils.contact.get.setData({ id: result.id }, result);
    void utils.contact.history.invalidate({ id: result.id });
    void utils.contact.list.invalidate();
    toast.success("Contact saved");
  }

  /** Sends what the user changed against `against`, the version it was made on. */
  async function save(against: Contact, current: typeof values) {
    const data = formToPatch(contactToForm(against), current);
    saving.current = true;
    try {
      const result = await update.mutateAsync({ id: against.id, data, expectedVersion: against.version });
      live.current = { base: result, values: contactToForm(result) };
      saved(result);
    } catch (err) {
      const error = errorData(err);
      if (error.httpStatus === 401) {
        // The sign-in dialog is up (providers.tsx); the form and its draft stay as they are.
        awaitSignIn(against.id);
        toast.info("Your session ended: sign in again and your changes will be saved");
      } else if (error.code === "BAD_REQUEST" && error.issues) {
        focusFirstError.current = true;
        setErrors(issuesToFieldErrors(error.issues, ["data"]));
        toast.error("Not saved: some fields need attention");
      } else if (error.reason === "STALE_VERSION") {
        await reconcile(against, current);
      } else if (error.reason === "EXTERNAL_REF_TAKEN") {
        // Name the contact that holds it, with a link, rather than its id.
        const details = (error.details ?? {}) as {
          contactId?: string;
          externalRef?: { namespace: string; id: string };
        };
        const ref = details.externalRef ? `${details.externalRef.namespace}: ${details.externalRef.id}` : "";
        setErrors({ externalRefs: [`The reference ${ref} already belongs to another contact`] });
        if (details.contactId) {
          const holderId = details.contactId;
          const holder = await utils.client.contact.get.query({ id: holderId }).catch(() => null);
          setRefTaken({ ref, contactId: holderId, name: holder ? displayName(holder) : "another contact" });
        }
        toast.error("Not saved: a reference belongs to another contact");
      } else {
        toast.error(`Not saved: ${errorMessage(err)}`);
      }
    } finally {
      saving.current = false;
      const pending = deferred.current;
      deferred.current = null;
      if (pending) applyRemote(pending);
    }
  }

  /**
   * The save met a newer version (the live update had not arrived): their changes to fields
   * the user left alone are taken, and the save goes through at once unless both changed a
   * field, which the conflict dialog then asks about.
   */
  async function reconcile(against: Contact, current: typeof values) {
    void loadConflictDialog(); // while the latest version is fetched
    const [latestContact, history] = await Promise.all([
      utils.client.contact.get.query({ id: against.id }),
      utils.client.contact.history.query({ id: against.id, limit: 20 }),
    ]);
    const by = [
      ...new Set(history.items.filter((e) => e.at > against.updatedAt).map((e) => e.actor.name)),
    ].join(", ");
    const rebased = rebaseForm(against, current, latestContact);
    setBase(latestContact);
    setValues(rebased.values);
    setLatest({ by, fields: rebased.theirs, version: latestContact.version });
    if (rebased.colliding.length === 0) {
      await save(latestContact, rebased.values);
      return;
    }
    const next: Record<string, CollidingField> = {};
    for (const field of rebased.colliding) {
      next[field] = { theirs: (latestContact as Record<string, unknown>)[field], by };
    }
    setColliding(next);
    setConflictOpen(true);
  }

  const conflictRows: ConflictRow[] = Object.entries(colliding).map(([field, c]) => ({
    field,
    theirs: c.theirs,
    mine: mineAsContactValue(field, base, values),
  }));

  return (
    <form
      ref={formRef}
      noValidate
      aria-label="Edit contact"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed.length === 0) return;
        // Both changed a field (seen live): ask which value to keep before saving anything.
        if (Object.keys(colliding).length > 0) setConflictOpen(true);
        else void save(base, values);
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
      {refTaken && (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          The reference <strong>{refTaken.ref}</strong> already belongs to{" "}
          <Link href={`/contacts/${refTaken.contactId}`} className="underline">
            {refTaken.name}
          </Link>
          . Remove it here, or from that contact first.
        </p>
      )}
      {gone && (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          <strong>{gone}</strong> deleted this contact while you were editing it; it can no longer be saved.
        </p>
      )}
      {restored && changed.length > 0 && (
        <p
          className="mb-4 flex flex-wrap items-center gap-2 rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900"
          data-testid="restored-draft"
        >
          Restored your unsaved changes from{" "}
          {new Date(restored.savedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.
          <button
            type="button"
            className="btn-secondary ml-auto"
            onClick={() => {
              setValues(contactToForm(base));
              setRestored(null);
              clearDraft(base.id);
            }}
          >
            Discard them
          </button>
        </p>
      )}
      <LiveChangesNotice
        latest={latest}
        colliding={colliding}
        onUseTheirs={(field) => {
          const form = contactToForm(base) as Record<string, unknown>;
          setValues((v) => ({ ...v, [field]: form[field] }));
          setColliding(({ [field]: _, ...rest }) => rest);
        }}
        onKeepMine={(field) => setColliding(({ [field]: _, ...rest }) => rest)}
      />
      {/* A read-only role sees the contact as the form shows it, but cannot change or save it. */}
      <fieldset disabled={!canWrite} className="contents">
        <legend className="sr-only">Contact fields</legend>
        <ContactFields
          values={values}
          setValues={setValues}
          errors={errors}
          onLeaveField={(field) =>
            void loadValidator().then((validate) =>
              setErrors((e) => ({ ...e, [field]: validate(field, live.current.values) })),
            )
          }
          stored={base}
        />
      </fieldset>
      {/* On a phone the bar takes room from the form: it is there only with something to save. */}
      <div
        className={`sticky bottom-0 z-10 mt-6 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 py-3 ${changed.length === 0 ? "max-sm:hidden" : ""}`}
      >
        <button
          type="submit"
          className="btn-primary min-w-32"
          disabled={!canWrite || changed.length === 0 || update.isPending || gone !== null}
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
            setColliding({});
            clearDraft(base.id);
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
      {conflictOpen && conflictRows.length > 0 && (
        <ConflictDialog
          by={[...new Set(Object.values(colliding).map((c) => c.by))]}
          version={base.version}
          rows={conflictRows}
          pending={update.isPending}
          onCancel={() => setConflictOpen(false)}
          onSave={(choices) => {
            const form = contactToForm(base) as Record<string, unknown>;
            const chosen = { ...values } as Record<string, unknown>;
            for (const [field, choice] of Object.entries(choices)) {
              if (choice === "theirs") chosen[field] = form[field];
            }
            setConflictOpen(false);
            setColliding({});
            setValues(chosen as typeof values);
            void save(base, chosen as typeof values);
          }}
        />
      )}
    </form>
  );
}
