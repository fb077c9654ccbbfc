import { SCALAR_FIELDS, type UpdateContactRequest } from "@contacts/contracts";
import type { ContactFieldsPatch } from "@contacts/db";

/**
 * The scalar fields a request sets or clears, as the write statements take them. The field
 * lists of the contract and of the database agree at compile time (contact-fields-agree.ts),
 * so this is every scalar field there is.
 */
export function scalarPatch(data: UpdateContactRequest): ContactFieldsPatch {
  const patch: Record<string, unknown> = {};
  for (const field of SCALAR_FIELDS) if (data[field] !== undefined) patch[field] = data[field];
  return patch as ContactFieldsPatch;
}
