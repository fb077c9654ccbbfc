import { isDeepStrictEqual } from "node:util";
import {
  CONTACT_FIELDS,
  type Contact,
  type ContactField,
  contactFieldSchemas,
  toErrorIssues,
  type UpdateContactRequestInput,
} from "@contacts/contracts";

export type Normalization =
  | { kind: "same" }
  | {
      kind: "changes";
      data: UpdateContactRequestInput;
      changes: { field: string; from: unknown; to: unknown }[];
    }
  | { kind: "invalid"; problems: string[] };

/** A stored field as an update would send it (connections refer to their company by id). */
function asInput(contact: Contact, field: ContactField): unknown {
  if (field === "connections") {
    return contact.connections.map((c) => ({
      company: { kind: "existing", id: c.company.id },
      jobTitle: c.jobTitle,
      primary: c.primary,
    }));
  }
  return contact[field];
}

/** The stored form of an output field, to compare with what today's rules make of it. */
function stored(contact: Contact, field: ContactField): unknown {
  return field === "connections" ? asInput(contact, field) : contact[field];
}

/**
 * Re-applies today's validation and normalization to a stored contact: which fields would
 * be stored differently, as the update that fixes them; or the fields today's rules reject.
 * Cleared lists are `[]` in output and `null`/`[]` in input, which are the same.
 */
export function normalizeContact(contact: Contact): Normalization {
  const data: Record<string, unknown> = {};
  const changes: { field: string; from: unknown; to: unknown }[] = [];
  const problems: string[] = [];
  for (const field of CONTACT_FIELDS) {
    const before = stored(contact, field);
    const parsed = contactFieldSchemas[field].safeParse(asInput(contact, field));
    if (!parsed.success) {
      for (const issue of toErrorIssues(parsed.error.issues)) {
        problems.push(
          `${[field, ...issue.path].join(".")}: ${issue.message} (stored: ${JSON.stringify(before)})`,
        );
      }
      continue;
    }
    const after = parsed.data ?? (Array.isArray(before) ? [] : null);
    if (!isDeepStrictEqual(before, after)) {
      data[field] = after;
      changes.push({ field, from: before, to: after });
    }
  }
  if (problems.length) return { kind: "invalid", problems };
  if (!changes.length) return { kind: "same" };
  return { kind: "changes", data: data as UpdateContactRequestInput, changes };
}
