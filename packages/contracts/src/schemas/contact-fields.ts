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
 * The writable fields of a contact, each as "a value, or null to clear". Create and update
 * share them, so the two can never disagree on a rule (CONTRACT §5).
 */
export const contactFieldSchemas = {
  firstName: nullableText(PersonName),
  lastName: nullableText(PersonName),
  email: nullableText(Email),
  phone: nullableText(Phone),
  linkedInUrl: nullableText(LinkedInUrl),
  primaryLanguage: nullableText(LanguageCode),
  // JSON.parse("-0") is -0, which no-op detection (deep equality) would see as a change from 0.
  profilePictureId: z
    .int32("Must be a whole number in the int32 range")
    .transform((n) => (n === 0 ? 0 : n))
    .nullable(),
  strategy: nullableText(Strategy),
  blocked: z.boolean().nullable(),
  tags: Tags.nullable(),
  connections: Connections.nullable(),
  externalRefs: ExternalRefs.nullable(),
} as const;

export type ContactField = keyof typeof contactFieldSchemas;
export const CONTACT_FIELDS = Object.keys(contactFieldSchemas) as ContactField[];
export const SCALAR_FIELDS = CONTACT_FIELDS.filter(
  (f) => f !== "tags" && f !== "connections" && f !== "externalRefs",
) as Exclude<ContactField, "tags" | "connections" | "externalRefs">[];
export const LIST_FIELDS = ["tags", "connections", "externalRefs"] as const;
export type ListField = (typeof LIST_FIELDS)[number];
export type ScalarField = (typeof SCALAR_FIELDS)[number];

/** The fields of which a contact must always keep at least one (CONTRACT §4.1). */
export const IDENTITY_FIELDS = ["firstName", "lastName", "email"] as const;
export const IDENTITY_REQUIRED_MESSAGE = "A contact needs at least one of firstName, lastName or email";
