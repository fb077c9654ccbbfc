import type { CreateContactRequestInput, UpdateContactRequestInput } from "@contacts/contracts";
import {
  BOOLEAN_FIELDS,
  type ContactFormValues,
  emptyContactForm,
  INTEGER_FIELDS,
  TEXT_FIELDS,
} from "./form-values";

/**
 * Turns what the user did to the form into an UpdateContactRequest: only the fields that
 * changed, a field the user emptied as null, lists whole. No validation rule lives here: the
 * server parses the patch with the contract and its issues are shown beside the fields.
 */
export function formToPatch(
  initial: ContactFormValues,
  current: ContactFormValues,
): UpdateContactRequestInput {
  const patch: UpdateContactRequestInput = {};
  for (const field of TEXT_FIELDS) {
    const before = initial[field].trim();
    const after = current[field].trim();
    if (before !== after) patch[field] = after === "" ? null : current[field];
  }

  for (const field of INTEGER_FIELDS) {
    const before = initial[field].trim();
    const after = current[field].trim();
    if (before !== after) patch[field] = toInteger(after);
  }
  for (const field of BOOLEAN_FIELDS) {
    if (initial[field] !== current[field]) patch[field] = current[field];
  }

  const tags = listChange(initial.tags, current.tags);
  if (tags !== undefined) patch.tags = tags;

  const connections = listChange(wireConnections(initial), wireConnections(current));
  if (connections !== undefined) patch.connections = connections;

  const refs = listChange(wireRefs(initial), wireRefs(current));
  if (refs !== undefined) patch.externalRefs = refs;

  return patch;
}

/** A new contact: every field the user filled in; empty ones are left out. */
export function formToCreate(current: ContactFormValues): CreateContactRequestInput {
  const data = formToPatch(emptyContactForm(), current);
  for (const key of Object.keys(data) as (keyof typeof data)[]) {
    if (data[key] === null) delete data[key];
  }
  return data;
}

export const changedFields = (initial: ContactFormValues, current: ContactFormValues): string[] =>
  Object.keys(formToPatch(initial, current));

/**
 * Digits become a number; anything else is sent as typed so the server's contract answers
 * with its own message at the field, e.g. ["data","profilePictureId"] (Number("abc") would be
 * NaN, sent as null, and silently clear the field).
 */
function toInteger(value: string): number | null {
  if (value === "") return null;
  if (/^[+-]?\d{1,15}$/.test(value)) return Number(value);
  return value as unknown as number;
}

function wireConnections(values: ContactFormValues) {
  return values.connections.map((c) => ({
    company: { kind: "existing" as const, id: c.companyId },
    jobTitle: c.jobTitle.trim() === "" ? null : c.jobTitle.trim(),
    primary: c.primary,
  }));
}

function wireRefs(values: ContactFormValues) {
  return values.externalRefs.map((r) => ({ namespace: r.namespace.trim(), id: r.id }));
}

/** undefined when equal; null when the user emptied the list; else the new list. */
function listChange<T>(before: T[], after: T[]): T[] | null | undefined {
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  return after.length === 0 ? null : after;
}
