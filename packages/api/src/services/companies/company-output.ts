import type { Company, CompanyWarning } from "@contacts/contracts";
import type { CompanyRow, SameNamedCompany } from "@contacts/db";
import type { Actor } from "../../actor";

export const toCompany = (row: CompanyRow): Company => ({
  id: row.id,
  name: row.name,
  domain: row.domain,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * The duplicate-name warning of a write (docs/api.md §6.8): two companies may share a name
 * (two "Nordic Capital"s in two countries), so it is said, not refused, with the others'
 * domains to tell them apart.
 */
export function duplicateNameWarnings(
  name: string,
  sameNamed: readonly SameNamedCompany[],
): CompanyWarning[] {
  if (sameNamed.length === 0) return [];
  const others = sameNamed.length === 1 ? "Another company" : `${sameNamed.length} other companies`;
  return [
    {
      code: "DUPLICATE_NAME",
      message: `${others} in this workspace ${sameNamed.length === 1 ? "is" : "are"} named "${name}": tell them apart by domain`,
      companies: [...sameNamed],
    },
  ];
}

/** Who writes, as company history records it. */
export const companyHistoryActor = (actor: Actor) => ({
  actorType: actor.type,
  actorId: actor.id,
  actorName: actor.name,
});
