import { z } from "zod";
import { Email } from "../fields/email";
import { nullableText } from "../fields/empty-to-null";
import { LanguageCode } from "../fields/language-code";
import { LinkedInUrl } from "../fields/linkedin-url";
import { PersonName } from "../fields/person-name";
import { Phone } from "../fields/phone";
import { Strategy } from "../fields/strategy";
import { Tags } from "../fields/tags";
import { Connections } from "./connection";
import { ExternalRefs } from "./external-ref";

/**
 * What a field holds, which is how everything else treats it: a scalar (`text`, `integer`,
 * `boolean`) is a column of the contact's own row, cleared to null; a `list` is replaced
 * whole and cleared to `[]`.
 */
export type FieldKind = "text" | "integer" | "boolean" | "list";

interface FieldDeclaration {
  kind: FieldKind;
  /** What people call it (the web form, history, conflicts). */
  label: string;
  /** The value a client writes: "a value, or null to clear" (docs/api.md §5). */
  input: z.ZodType;
  /** The value every contact procedure answers (docs/api.md §3). */
  output: z.ZodType;
}

const text = <T extends z.ZodType>(label: string, schema: T) => ({
  kind: "text" as const,
  label,
  input: nullableText(schema),
  output: z.string().nullable(),
});

/**
 * THE declaration of a contact's writable fields, one entry each, in the order they are
 * shown and exported. Create and update take their input schemas from here, the Contact
 * output its fields, the web form its labels and inputs; the database's columns are held to
 * the same names at compile time (packages/api services/contacts/contact-fields-agree.ts).
 * A new scalar field: an entry here, its column in packages/db schema/contacts.ts with a
 * migration, and whatever the type checker then asks for.
 */
export const CONTACT_FIELD_DECLARATIONS = {
  firstName: text("First name", PersonName),
  lastName: text("Last name", PersonName),
  email: text("Email", Email),
  phone: text("Phone", Phone),
  linkedInUrl: text("LinkedIn URL", LinkedInUrl),
  primaryLanguage: text("Primary language", LanguageCode),
  profilePictureId: {
    kind: "integer",
    label: "Profile picture id",
    // JSON.parse("-0") is -0, which no-op detection (deep equality) would see as a change from 0.
    input: z
      .int32("Must be a whole number in the int32 range")
      .transform((n) => (n === 0 ? 0 : n))
      .nullable(),
    output: z.number().int().nullable(),
  },
  strategy: text("Strategy", Strategy),
  blocked: {
    kind: "boolean",
    label: "Blocked",
    input: z.boolean().nullable(),
    output: z.boolean().nullable(),
  },
  tags: { kind: "list", label: "Tags", input: Tags.nullable(), output: z.array(z.string()) },
  connections: {
    kind: "list",
    label: "Company connections",
    input: Connections.nullable(),
    output: z.array(
      z.object({
        company: z.object({ id: z.string(), name: z.string() }),
        jobTitle: z.string().nullable(),
        primary: z.boolean(),
      }),
    ),
  },
  externalRefs: {
    kind: "list",
    label: "External references",
    input: ExternalRefs.nullable(),
    output: z.array(z.object({ namespace: z.string(), id: z.string() })),
  },
} as const satisfies Record<string, FieldDeclaration>;

type Declarations = typeof CONTACT_FIELD_DECLARATIONS;
export type ContactField = keyof Declarations;
export type FieldKindOf<F extends ContactField> = Declarations[F]["kind"];
export type ListField = { [F in ContactField]: FieldKindOf<F> extends "list" ? F : never }[ContactField];
export type ScalarField = Exclude<ContactField, ListField>;

/** Every writable field, in declaration order. */
export const CONTACT_FIELDS = Object.keys(CONTACT_FIELD_DECLARATIONS) as ContactField[];
export const isListField = (field: ContactField): field is ListField =>
  CONTACT_FIELD_DECLARATIONS[field].kind === "list";
export const SCALAR_FIELDS = CONTACT_FIELDS.filter((f): f is ScalarField => !isListField(f));
export const LIST_FIELDS = CONTACT_FIELDS.filter(isListField);

/** Each field's declaration, mapped with `pick` and keeping each field's own type. */
function eachField<P extends keyof FieldDeclaration>(pick: P): { [F in ContactField]: Declarations[F][P] } {
  return Object.fromEntries(
    CONTACT_FIELDS.map((field) => [field, CONTACT_FIELD_DECLARATIONS[field][pick]]),
  ) as { [F in ContactField]: Declarations[F][P] };
}

/**
 * The writable fields of a contact, each as "a value, or null to clear". Create and update
 * share them, so the two can never disagree on a rule (docs/api.md §5).
 */
export const contactFieldSchemas = eachField("input");
/** The fields of the Contact output, each as every procedure answers it. */
export const contactFieldOutputs = eachField("output");
/** What people call each field. */
export const CONTACT_FIELD_LABELS: Record<ContactField, string> = eachField("label");

/** The stored value of each field, as Contact carries it. */
export type ContactFieldValues = { [F in ContactField]: z.infer<Declarations[F]["output"]> };

/** A contact with every field empty: scalars null, lists `[]` (what create starts from). */
export function emptyContactFields(): ContactFieldValues {
  const empty = CONTACT_FIELDS.map((field) => [field, isListField(field) ? [] : null]);
  return Object.fromEntries(empty) as unknown as ContactFieldValues;
}
