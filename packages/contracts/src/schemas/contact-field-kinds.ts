/**
 * What each writable field of a contact is and what people call it, without its schema: plain
 * data, so the web form can lay itself out, label fields and tell lists from scalars without
 * loading zod and libphonenumber-js (~60 kB gzip) with the page. The schemas are added to
 * these entries, field by field, in contact-fields.ts (CONTACT_FIELD_DECLARATIONS).
 *
 * A scalar (`text`, `integer`, `boolean`) is a column of the contact's own row, cleared to
 * null; a `list` is replaced whole and cleared to `[]`.
 */
export type FieldKind = "text" | "integer" | "boolean" | "list";

/** THE list of a contact's writable fields, in the order they are shown and exported. */
export const CONTACT_FIELD_KINDS = {
  firstName: { kind: "text", label: "First name" },
  lastName: { kind: "text", label: "Last name" },
  email: { kind: "text", label: "Email" },
  phone: { kind: "text", label: "Phone" },
  linkedInUrl: { kind: "text", label: "LinkedIn URL" },
  primaryLanguage: { kind: "text", label: "Primary language" },
  profilePictureId: { kind: "integer", label: "Profile picture id" },
  strategy: { kind: "text", label: "Strategy" },
  blocked: { kind: "boolean", label: "Blocked" },
  tags: { kind: "list", label: "Tags" },
  connections: { kind: "list", label: "Company connections" },
  externalRefs: { kind: "list", label: "External references" },
} as const satisfies Record<string, { kind: FieldKind; label: string }>;

type Kinds = typeof CONTACT_FIELD_KINDS;
export type ContactField = keyof Kinds;
export type FieldKindOf<F extends ContactField> = Kinds[F]["kind"];
export type ListField = { [F in ContactField]: FieldKindOf<F> extends "list" ? F : never }[ContactField];
export type ScalarField = Exclude<ContactField, ListField>;

/** Every writable field, in declaration order. */
export const CONTACT_FIELDS = Object.keys(CONTACT_FIELD_KINDS) as ContactField[];
export const isListField = (field: ContactField): field is ListField =>
  CONTACT_FIELD_KINDS[field].kind === "list";
export const SCALAR_FIELDS = CONTACT_FIELDS.filter((f): f is ScalarField => !isListField(f));
export const LIST_FIELDS = CONTACT_FIELDS.filter(isListField);

/** What people call each field. */
export const CONTACT_FIELD_LABELS = Object.fromEntries(
  CONTACT_FIELDS.map((field) => [field, CONTACT_FIELD_KINDS[field].label]),
) as Record<ContactField, string>;
