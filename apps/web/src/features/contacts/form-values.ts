import type { Contact, FieldKindOf, ScalarField } from "@contacts/contracts";
import { CONTACT_FIELD_KINDS, SCALAR_FIELDS } from "@contacts/contracts/schemas/contact-field-kinds";

/** One company connection as edited: the company's name is kept only to show it. */
export interface ConnectionRow {
  companyId: string;
  companyName: string;
  jobTitle: string;
  primary: boolean;
}

export interface ExternalRefRow {
  namespace: string;
  id: string;
}

/**
 * How the form holds a scalar of each kind: text and numbers as the text typed ("" = empty,
 * so the form never has to tell undefined from null); a boolean as itself, null meaning never
 * set (shown unchecked until the user decides).
 */
type FormValueOf<F extends ScalarField> = FieldKindOf<F> extends "boolean" ? boolean | null : string;

/** What the contact form edits: every scalar field by its kind, and the three lists as rows. */
export type ContactFormValues = { [F in ScalarField]: FormValueOf<F> } & {
  tags: string[];
  connections: ConnectionRow[];
  externalRefs: ExternalRefRow[];
};

export type TextField = { [F in ScalarField]: FieldKindOf<F> extends "text" ? F : never }[ScalarField];
export type IntegerField = { [F in ScalarField]: FieldKindOf<F> extends "integer" ? F : never }[ScalarField];
export type BooleanField = { [F in ScalarField]: FieldKindOf<F> extends "boolean" ? F : never }[ScalarField];

const fieldsOfKind = <F extends ScalarField>(kind: FieldKindOf<F>) =>
  SCALAR_FIELDS.filter((f): f is F => CONTACT_FIELD_KINDS[f].kind === kind);
export const TEXT_FIELDS = fieldsOfKind<TextField>("text");
export const INTEGER_FIELDS = fieldsOfKind<IntegerField>("integer");
export const BOOLEAN_FIELDS = fieldsOfKind<BooleanField>("boolean");

/** A stored scalar as the form holds it. */
function scalarToForm(field: ScalarField, value: string | number | boolean | null): string | boolean | null {
  if (CONTACT_FIELD_KINDS[field].kind === "boolean") return value as boolean | null;
  return value === null ? "" : String(value);
}

export function emptyContactForm(): ContactFormValues {
  const scalars = Object.fromEntries(SCALAR_FIELDS.map((f) => [f, scalarToForm(f, null)]));
  return {
    ...(scalars as { [F in ScalarField]: FormValueOf<F> }),
    tags: [],
    connections: [],
    externalRefs: [],
  };
}

export function contactToForm(contact: Contact): ContactFormValues {
  const scalars = Object.fromEntries(SCALAR_FIELDS.map((f) => [f, scalarToForm(f, contact[f])]));
  return {
    ...(scalars as { [F in ScalarField]: FormValueOf<F> }),
    tags: [...contact.tags],
    connections: contact.connections.map((c) => ({
      companyId: c.company.id,
      companyName: c.company.name,
      jobTitle: c.jobTitle ?? "",
      primary: c.primary,
    })),
    externalRefs: contact.externalRefs.map((r) => ({ namespace: r.namespace, id: r.id })),
  };
}
