import type { Connection, ContactFieldValues } from "@contacts/contracts";
import type { ContactWriteFields, ReadForWriteResult } from "@contacts/db";
import { ConflictError, ValidationError } from "../../errors";

type ContactConnections = ContactFieldValues["connections"];

/**
 * Resolves the connections of a write against the companies that exist in the workspace:
 * an unknown id is a BAD_REQUEST (UNKNOWN_COMPANY) whose path points at that id
 * (docs/api.md §4.9), relative to the contact data.
 */
export function resolveConnections(connections: Connection[], read: ReadForWriteResult): ContactConnections {
  const names = new Map(read.companies.map((c) => [c.id, c.name]));
  const issues = connections.flatMap((c, index) =>
    names.has(c.company.id)
      ? []
      : [
          {
            path: ["connections", index, "company", "id"],
            message: "No company with this id in this workspace",
          },
        ],
  );
  if (issues.length) throw new ValidationError(issues, "UNKNOWN_COMPANY");
  return connections.map((c) => ({
    company: { id: c.company.id, name: names.get(c.company.id) ?? "" },
    jobTitle: c.jobTitle,
    primary: c.primary,
  }));
}

/** Resolved connections as the write statement stores them: by company id, in order. */
export const connectionWrites = (connections: ContactConnections): ContactWriteFields["connections"] =>
  connections.map((c) => ({ companyId: c.company.id, jobTitle: c.jobTitle, primary: c.primary }));

/** A (namespace, id) pair held by another contact is a CONFLICT naming it (docs/api.md §4.10). */
export function assertRefsFree(read: ReadForWriteResult): void {
  const taken = read.takenRefs[0];
  if (!taken) return;
  throw new ConflictError(
    "EXTERNAL_REF_TAKEN",
    `External reference ${taken.namespace}/${taken.id} already belongs to contact ${taken.contactId}`,
    { contactId: taken.contactId, externalRef: { namespace: taken.namespace, id: taken.id } },
  );
}
