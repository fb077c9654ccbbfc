import type { EnsureCompaniesInput, EnsureCompaniesOutput } from "@contacts/contracts";
import { type Executor, ensureCompanyRows, newId } from "@contacts/db";
import type { Actor } from "../../actor";
import { companyHistoryActor } from "./company-output";

/**
 * company.ensure: the companies of these names, found or created (see ensureCompanyRows), one
 * per distinct name, case-insensitively, in the order first given. A created one gets its
 * first history entry, as company.create gives it.
 */
export async function ensureCompanies(
  db: Executor,
  actor: Actor,
  input: EnsureCompaniesInput,
): Promise<EnsureCompaniesOutput> {
  const seen = new Set<string>();
  const names = input.names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const companies = await ensureCompanyRows(db, {
    workspaceId: actor.workspaceId,
    names: names.map((name) => ({ name, newId: newId() })),
    actor: companyHistoryActor(actor),
  });
  return { companies };
}
