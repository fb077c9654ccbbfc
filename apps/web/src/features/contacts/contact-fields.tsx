"use client";

import type { ScalarField } from "@contacts/contracts";
import Link from "next/link";
import { Fragment, type ReactNode, useEffect, useLayoutEffect, useRef, useState } from "react";
import { FieldError } from "@/components/field-error";
import { TagInput } from "@/features/tags/tag-input";
import { CompanyPicker } from "../companies/company-picker";
import { ContactLink } from "./contact-links";
import { FIELD_LABELS } from "./field-labels";
import type { ContactFormValues, TextField } from "./form-values";
import { errorsAt, errorsUnder, type FieldErrors } from "./issues-to-field-errors";
import type { LanguageSelect as LanguageSelectComponent, LanguageSelectProps } from "./language-select";

/**
 * The language picker, which brings the names of all ISO 639-1 languages (iso-639-1, ~3 kB
 * gzip), loads right after the form is shown. Until then a plain input stands in: what is typed
 * there becomes the picker's search, and if it has focus the picker's input takes it over, caret
 * at the end, so a keyboard user who got there first loses neither focus nor keystrokes.
 */
function LanguageSelect(props: LanguageSelectProps) {
  const [Select, setSelect] = useState<typeof LanguageSelectComponent | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const standIn = useRef<HTMLInputElement>(null);
  const hadFocus = useRef(false);
  useEffect(() => {
    let live = true;
    void import("./language-select").then((m) => {
      if (!live) return;
      hadFocus.current = document.activeElement === standIn.current;
      setSelect(() => m.LanguageSelect);
    });
    return () => {
      live = false;
    };
  }, []);
  // In the same commit as the swap, before the browser handles the next key.
  useLayoutEffect(() => {
    if (!Select || !hadFocus.current) return;
    const input = document.getElementById(props.id);
    if (!(input instanceof HTMLInputElement)) return;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }, [Select, props.id]);
  if (Select) return <Select {...props} initialQuery={hadFocus.current ? typed : null} />;
  return (
    <input
      ref={standIn}
      id={props.id}
      type="text"
      className="input"
      autoComplete="off"
      value={typed ?? props.value}
      onChange={(e) => setTyped(e.target.value)}
      placeholder="Search languages"
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid || undefined}
    />
  );
}

export type SetValues = (update: (values: ContactFormValues) => ContactFormValues) => void;

interface Props {
  values: ContactFormValues;
  setValues: SetValues;
  errors: FieldErrors;
  /** Called as the user leaves a field (the form checks it with the contract then). */
  onLeaveField?: (field: ScalarField) => void;
  /** The saved email, phone and LinkedIn profile, shown as links beside their fields. */
  stored?: { email: string | null; phone: string | null; linkedInUrl: string | null };
}

const idOf = (path: string) => `contact-${path.replaceAll(".", "-")}`;

/** Every field of UpdateContactRequest, with the server's messages beside each. */
export function ContactFields({ values, setValues, errors, onLeaveField, stored }: Props) {
  const set = <K extends keyof ContactFormValues>(key: K, value: ContactFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const text = (
    name: TextField,
    props: { type?: string; autoComplete?: string; placeholder?: string } = {},
  ) => (
    <Labeled name={name} errors={errorsAt(errors, name)}>
      {(a11y) => (
        <input
          {...a11y}
          name={name}
          type={props.type ?? "text"}
          autoComplete={props.autoComplete ?? "off"}
          placeholder={props.placeholder}
          className="input"
          value={values[name]}
          onChange={(e) => set(name, e.target.value)}
          onBlur={() => onLeaveField?.(name)}
        />
      )}
    </Labeled>
  );
  const linked = (name: "email" | "phone" | "linkedInUrl", input: ReactNode) => (
    <div>
      {input}
      {/* Its line is kept when empty, so saving a first value does not move the form. */}
      {stored && (
        <div className="-mt-1 mb-2 min-h-6">
          {stored[name] && <ContactLink kind={name} value={stored[name]} />}
        </div>
      )}
    </div>
  );

  /**
   * One input per scalar field of the contract, in the order shown: a field the contract
   * declares and this form lacks fails the type check here.
   */
  const scalarInputs = {
    firstName: text("firstName", { autoComplete: "off" }),
    lastName: text("lastName"),
    email: linked("email", text("email", { type: "email" })),
    phone: linked("phone", text("phone", { type: "tel", placeholder: "+46 70 123 45 67" })),
    linkedInUrl: (
      <div className="sm:col-span-2">
        {linked(
          "linkedInUrl",
          text("linkedInUrl", { type: "url", placeholder: "https://www.linkedin.com/in/…" }),
        )}
      </div>
    ),
    primaryLanguage: (
      <Labeled name="primaryLanguage" errors={errorsAt(errors, "primaryLanguage")}>
        {(a11y) => (
          <LanguageSelect
            id={a11y.id}
            describedBy={a11y["aria-describedby"]}
            invalid={a11y["aria-invalid"]}
            value={values.primaryLanguage}
            onChange={(code) => set("primaryLanguage", code)}
          />
        )}
      </Labeled>
    ),
    profilePictureId: (
      <Labeled name="profilePictureId" errors={errorsAt(errors, "profilePictureId")}>
        {(a11y) => (
          <input
            {...a11y}
            name="profilePictureId"
            type="text"
            inputMode="numeric"
            className="input"
            value={values.profilePictureId}
            onChange={(e) => set("profilePictureId", e.target.value)}
          />
        )}
      </Labeled>
    ),
    blocked: (
      <div className="mt-1 sm:col-span-2">
        <label className="inline-flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            name="blocked"
            className="size-4 accent-red-700"
            checked={values.blocked === true}
            aria-describedby="contact-blocked-error"
            onChange={(e) => set("blocked", e.target.checked)}
          />
          Blocked (do not contact)
        </label>
        <FieldError id="contact-blocked-error" messages={errorsAt(errors, "blocked")} />
      </div>
    ),
    strategy: (
      <div className="sm:col-span-2">
        <Labeled name="strategy" errors={errorsAt(errors, "strategy")}>
          {(a11y) => (
            <textarea
              {...a11y}
              name="strategy"
              rows={4}
              className="input"
              value={values.strategy}
              onChange={(e) => set("strategy", e.target.value)}
            />
          )}
        </Labeled>
      </div>
    ),
  } satisfies Record<ScalarField, ReactNode>;

  return (
    <div className="space-y-6">
      <Section title="Person">
        <div className="grid gap-x-4 sm:grid-cols-2">
          {Object.entries(scalarInputs).map(([field, input]) => (
            <Fragment key={field}>{input}</Fragment>
          ))}
        </div>
      </Section>

      <Section title="Tags">
        <label htmlFor={idOf("tags")} className="sr-only">
          Add a tag
        </label>
        <TagInput
          id={idOf("tags")}
          tags={values.tags}
          onChange={(tags) => set("tags", tags)}
          describedBy={`${idOf("tags")}-error`}
          invalid={errorsUnder(errors, "tags").length > 0}
        />
        <FieldError id={`${idOf("tags")}-error`} messages={tagErrors(errors, values.tags)} />
      </Section>

      <Connections values={values} setValues={setValues} errors={errors} />
      <ExternalRefs values={values} setValues={setValues} errors={errors} />
    </div>
  );
}

function tagErrors(errors: FieldErrors, tags: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === "tags" || key.startsWith("tags."))
    .flatMap(([key, messages]) => {
      const index = Number(key.split(".")[1]);
      const tag = Number.isInteger(index) ? tags[index] : undefined;
      return messages.map((m) => (tag !== undefined ? `“${tag}”: ${m}` : m));
    });
}

function Connections({ values, setValues, errors }: Props) {
  const rows = values.connections;
  const update = (index: number, patch: Partial<ContactFormValues["connections"][number]>) =>
    setValues((v) => ({
      ...v,
      connections: v.connections.map((c, i) => (i === index ? { ...c, ...patch } : c)),
    }));
  const makePrimary = (index: number) =>
    setValues((v) => ({ ...v, connections: v.connections.map((c, i) => ({ ...c, primary: i === index })) }));
  const remove = (index: number) =>
    setValues((v) => {
      const connections = v.connections.filter((_, i) => i !== index);
      // Keep exactly one primary: when the primary goes, the first remaining one takes over.
      const first = connections[0];
      if (first && !connections.some((c) => c.primary)) connections[0] = { ...first, primary: true };
      return { ...v, connections };
    });

  return (
    <Section title="Company connections">
      <FieldError id="contact-connections-error" messages={errorsAt(errors, "connections")} />
      {rows.length === 0 && <p className="text-sm text-slate-600">Not connected to any company.</p>}
      <ul className="space-y-3">
        {rows.map((row, index) => {
          const rowErrors = errorsUnder(errors, `connections.${index}`);
          const base = idOf(`connections.${index}`);
          return (
            <li
              key={row.companyId}
              className={`rounded-md border p-3 ${rowErrors.length ? "border-red-400" : "border-slate-200"}`}
              data-testid="connection-row"
            >
              <div className="flex flex-wrap items-end gap-3">
                <div className="min-w-40 flex-1">
                  <span className="label">Company</span>
                  <span className="block py-2 text-sm font-medium" id={`${base}-company`}>
                    <Link href={`/companies/${row.companyId}`} className="text-brand-700 underline">
                      {row.companyName}
                    </Link>
                  </span>
                </div>
                <div className="min-w-40 flex-1">
                  <label htmlFor={`${base}-jobTitle`} className="label">
                    Job title
                  </label>
                  <input
                    id={`${base}-jobTitle`}
                    type="text"
                    className="input"
                    aria-describedby={`${base}-company ${base}-error`}
                    aria-invalid={rowErrors.length > 0 || undefined}
                    value={row.jobTitle}
                    onChange={(e) => update(index, { jobTitle: e.target.value })}
                  />
                </div>
                <label className="inline-flex items-center gap-2 py-2 text-sm">
                  <input
                    type="radio"
                    name="primary-connection"
                    className="size-4"
                    checked={row.primary}
                    aria-describedby={`${base}-company`}
                    onChange={() => makePrimary(index)}
                  />
                  Primary
                </label>
                <button
                  type="button"
                  className="btn-danger"
                  aria-label={`Remove connection to ${row.companyName}`}
                  onClick={() => remove(index)}
                >
                  Remove
                </button>
              </div>
              <FieldError id={`${base}-error`} messages={rowErrors} />
            </li>
          );
        })}
      </ul>
      <div className="mt-3 max-w-md">
        <label htmlFor="contact-add-connection" className="label">
          Add a company
        </label>
        <CompanyPicker
          id="contact-add-connection"
          allowCreate
          exclude={rows.map((r) => r.companyId)}
          onPick={(company) =>
            setValues((v) => ({
              ...v,
              connections: [
                ...v.connections,
                {
                  companyId: company.id,
                  companyName: company.name,
                  jobTitle: "",
                  primary: v.connections.length === 0,
                },
              ],
            }))
          }
        />
      </div>
    </Section>
  );
}

function ExternalRefs({ values, setValues, errors }: Props) {
  const rows = values.externalRefs;
  const update = (index: number, patch: Partial<ContactFormValues["externalRefs"][number]>) =>
    setValues((v) => ({
      ...v,
      externalRefs: v.externalRefs.map((r, i) => (i === index ? { ...r, ...patch } : r)),
    }));
  return (
    <Section title="External references">
      <FieldError id="contact-externalRefs-error" messages={errorsAt(errors, "externalRefs")} />
      {rows.length === 0 && <p className="text-sm text-slate-600">No references in other systems.</p>}
      <ul className="space-y-3">
        {rows.map((row, index) => {
          const base = idOf(`externalRefs.${index}`);
          const nsErrors = errorsAt(errors, `externalRefs.${index}.namespace`);
          const idErrors = errorsAt(errors, `externalRefs.${index}.id`);
          const rowErrors = errorsAt(errors, `externalRefs.${index}`);
          return (
            <li key={index} className="flex flex-wrap items-start gap-3" data-testid="external-ref-row">
              <div className="min-w-36 flex-1">
                <label htmlFor={`${base}-namespace`} className="label">
                  Namespace <span className="sr-only">of reference {index + 1}</span>
                </label>
                <input
                  id={`${base}-namespace`}
                  type="text"
                  className="input"
                  placeholder="salesforce"
                  aria-describedby={`${base}-namespace-error`}
                  aria-invalid={nsErrors.length > 0 || rowErrors.length > 0 || undefined}
                  value={row.namespace}
                  onChange={(e) => update(index, { namespace: e.target.value })}
                />
                <FieldError id={`${base}-namespace-error`} messages={[...rowErrors, ...nsErrors]} />
              </div>
              <div className="min-w-36 flex-[2]">
                <label htmlFor={`${base}-id`} className="label">
                  Id <span className="sr-only">of reference {index + 1}</span>
                </label>
                <input
                  id={`${base}-id`}
                  type="text"
                  className="input"
                  aria-describedby={`${base}-id-error`}
                  aria-invalid={idErrors.length > 0 || undefined}
                  value={row.id}
                  onChange={(e) => update(index, { id: e.target.value })}
                />
                <FieldError id={`${base}-id-error`} messages={idErrors} />
              </div>
              <button
                type="button"
                className="btn-danger mt-6"
                aria-label={`Remove reference ${index + 1}`}
                onClick={() =>
                  setValues((v) => ({ ...v, externalRefs: v.externalRefs.filter((_, i) => i !== index) }))
                }
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="btn-secondary mt-3"
        onClick={() =>
          setValues((v) => ({ ...v, externalRefs: [...v.externalRefs, { namespace: "", id: "" }] }))
        }
      >
        Add reference
      </button>
    </Section>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="card">
      <legend className="float-left mb-3 w-full text-base font-semibold">{title}</legend>
      <div className="clear-both">{children}</div>
    </fieldset>
  );
}

interface A11yProps {
  id: string;
  "aria-describedby": string;
  "aria-invalid": true | undefined;
}

function Labeled({
  name,
  errors,
  children,
}: {
  name: string;
  errors: string[];
  children: (a11y: A11yProps) => ReactNode;
}) {
  const id = idOf(name);
  return (
    <div className="mb-2">
      <label htmlFor={id} className="label">
        {FIELD_LABELS[name] ?? name}
      </label>
      {children({ id, "aria-describedby": `${id}-error`, "aria-invalid": errors.length > 0 || undefined })}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}
