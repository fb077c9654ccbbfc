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
import { CONTACT_FIELD_KINDS, CONTACT_FIELDS, type ContactField, isListField } from "./contact-field-kinds";
import { ExternalRefs } from "./external-ref";

interface FieldSchemas {
  /** The value a client writes: "a value, or null to clear" (docs/api.md §5). */
  input: z.ZodType;
  /** The value every contact procedure answers (docs/api.md §3). */
  output: z.ZodType;
}

const text = <T extends z.ZodType>(schema: T) => ({
  input: nullableText(schema),
  output: z.string().nullable(),
});

/**
 * The schemas of each field of CONTACT_FIELD_KINDS (its kind and label live there, without zod,
 * for the browser). Create and update take their input schemas from here, the Contact output
 * its fields; the database's columns are held to the same names at compile time
 * (packages/api services/contacts/contact-fields-agree.ts). A new scalar field: an entry in
 * CONTACT_FIELD_KINDS and here, its column in packages/db schema/contacts.ts with a migration,
 * and whatever the type checker then asks for.
 */
const CONTACT_FIELD_SCHEMAS = {
  firstName: text(PersonName),
  lastName: text(PersonName),
  email: text(Email),
  phone: text(Phone),
  linkedInUrl: text(LinkedInUrl),
  primaryLanguage: text(LanguageCode),
  profilePictureId: {
    // JSON.parse("-0") is -0, which no-op detection (deep equality) would see as a change from 0.
    input: z
      .int32("Must be a whole number in the int32 range")
      .transform((n) => (n === 0 ? 0 : n))
      .nullable(),
    output: z.number().int().nullable(),
  },
  strategy: text(Strategy),
  blocked: { input: z.boolean().nullable(), output: z.boolean().nullable() },
  tags: { input: Tags.nullable(), output: z.array(z.string()) },
  connections: {
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
    input: ExternalRefs.nullable(),
    output: z.array(z.object({ namespace: z.string(), id: z.string() })),
  },
} as const satisfies Record<ContactField, FieldSchemas>;

type Declarations = {
  [F in ContactField]: (typeof CONTACT_FIELD_KINDS)[F] & (typeof CONTACT_FIELD_SCHEMAS)[F];
};

/** Each writable field with its kind, label and schemas, in declaration order. */
export const CONTACT_FIELD_DECLARATIONS = Object.fromEntries(
  CONTACT_FIELDS.map((field) => [field, { ...CONTACT_FIELD_KINDS[field], ...CONTACT_FIELD_SCHEMAS[field] }]),
) as Declarations;

/** Each field's declaration, mapped with `pick` and keeping each field's own type. */
function eachField<P extends keyof FieldSchemas>(pick: P): { [F in ContactField]: Declarations[F][P] } {
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

/** The stored value of each field, as Contact carries it. */
export type ContactFieldValues = { [F in ContactField]: z.infer<Declarations[F]["output"]> };

/** A contact with every field empty: scalars null, lists `[]` (what create starts from). */
export function emptyContactFields(): ContactFieldValues {
  const empty = CONTACT_FIELDS.map((field) => [field, isListField(field) ? [] : null]);
  return Object.fromEntries(empty) as unknown as ContactFieldValues;
}
