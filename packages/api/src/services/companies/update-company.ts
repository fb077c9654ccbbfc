import type { CompanyWriteResult, UpdateCompanyInput } from "@contacts/contracts";
import { type Executor, lockCompany, updateCompanyWithHistory } from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError } from "../../errors";
import { companyHistoryActor, duplicateNameWarnings } from "./company-output";

/** A stale `expectedVersion` of a company: CONFLICT with the current version, as for contacts. */
export const companyVersionConflict = (current: number, expected: number) =>
  new ConflictError(
    "STALE_VERSION",
    `The company is at version ${current}, not the expected ${expected}: it changed since you read it`,
    { currentVersion: current },
  );

/**
 * company.update (docs/api.md §6.8): omitted fields stay, a null domain clears it; a write
 * that changes nothing writes nothing. In one transaction holding the company's row, so the
 * version check, the change and its history entry see no other writer.
 */
export function updateCompany(
  db: Executor,
  actor: Actor,
  input: UpdateCompanyInput,
): Promise<CompanyWriteResult> {
  return db.transaction(async (tx) => {
    const current = await lockCompany(tx, actor.workspaceId, input.id);
    if (!current) throw new NotFoundError("Company");
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw companyVersionConflict(current.version, input.expectedVersion);
    }
    const next = {
      name: input.data.name ?? current.name,
      domain: input.data.domain === undefined ? current.domain : input.data.domain,
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of ["name", "domain"] as const) {
      if (next[field] !== current[field]) changes[field] = { from: current[field], to: next[field] };
    }
    if (Object.keys(changes).length === 0) return { ...current, warnings: [] };
    const { company, sameNamed } = await updateCompanyWithHistory(tx, {
      workspaceId: actor.workspaceId,
      id: input.id,
      ...next,
      changes,
      actor: companyHistoryActor(actor),
    });
    return { ...company, warnings: duplicateNameWarnings(company.name, sameNamed) };
  });
}
