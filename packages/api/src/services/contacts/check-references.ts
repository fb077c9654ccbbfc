import type { Connection } from "@contacts/contracts";
import type { ContactRecord, ReadForWriteResult } from "@contacts/db";
import { ConflictError, ValidationError } from "../../errors";

type Path = (string | number)[];

/**
 * Resolves the connections of a write against the companies that exist in the workspace:
 * an unknown id is a BAD_REQUEST whose path points at that id (CONTRACT §4.9).
 */
export function resolveConnections(
  connections: Connection[],
  read: ReadForWriteResult,
  pathPrefix: Path,
): ContactRecord["connections"] {
  const names = new Map(read.companies.map((c) => [c.id, c.name]));
  const issues = connections.flatMap((c, index) =>
    names.has(c.company.id)
      ? []
      : [
          {
            path: [...pathPrefix, "connections", index, "company", "id"],
            message: "No company with this id in this workspace",
          },
        ],
  );
  if (issues.length) throw new ValidationError(issues);
  return connections.map((c) => ({
    company: { id: c.company.id, name: names.get(c.company.id) ?? "" },
    jobTitle: c.jobTitle,
    primary: c.primary,
  }));
}

/** A (namespace, id) pair held by another contact is a CONFLICT naming it (CONTRACT §4.10). */
export function assertRefsFree(read: ReadForWriteResult): void {
  const taken = read.takenRefs[0];
  if (!taken) return;
  throw new ConflictError(
    `External reference ${taken.namespace}/${taken.id} already belongs to contact ${taken.contactId}`,
    { contactId: taken.contactId, externalRef: { namespace: taken.namespace, id: taken.id } },
  );
}
