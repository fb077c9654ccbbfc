import type { ScalarField } from "@contacts/contracts";
import { CONTACT_FIELD_DECLARATIONS } from "@contacts/contracts/schemas/contact-fields";
import { formToPatch } from "./form-to-patch";
import { type ContactFormValues, emptyContactForm } from "./form-values";

/**
 * The contract's own check of one field as the user leaves it: the very schema the server
 * parses the request with, so the form and the server can never disagree. Answers the
 * messages for the field (none when it is fine or empty).
 */
export function validateField(field: ScalarField, values: ContactFormValues): string[] {
  const wire = formToPatch(emptyContactForm(), values) as Record<string, unknown>;
  const value = wire[field];
  if (value === undefined || value === null) return [];
  const result = CONTACT_FIELD_DECLARATIONS[field].input.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}
