import { isDeepStrictEqual } from "node:util";
import { CONTACT_FIELDS, type ContactField, type FieldChange } from "@contacts/contracts";
import type { ContactRecord } from "@contacts/db";

/** The stored form of each writable field, as history records it. */
type FieldValues = Pick<ContactRecord, ContactField>;

/** `{ from, to }` for each field whose stored value would change; empty when none would. */
export function diffContact(before: FieldValues, after: FieldValues): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of CONTACT_FIELDS) {
    if (!isDeepStrictEqual(before[field], after[field]))
      changes[field] = { from: before[field], to: after[field] };
  }
  return changes;
}
