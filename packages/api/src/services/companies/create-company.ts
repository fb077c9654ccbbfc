import type { CompanyWriteResult, CreateCompanyRequest } from "@contacts/contracts";
import { type Executor, insertCompanyWithHistory, newId } from "@contacts/db";
import type { Actor } from "../../actor";
import { companyHistoryActor, duplicateNameWarnings } from "./company-output";

/** company.create: one statement writes the company and its first history entry. */
export async function createCompany(
  db: Executor,
  actor: Actor,
  input: CreateCompanyRequest,
): Promise<CompanyWriteResult> {
  const { company, sameNamed } = await insertCompanyWithHistory(db, {
    workspaceId: actor.workspaceId,
    id: newId(),
    name: input.name,
    domain: input.domain ?? null,
    actor: companyHistoryActor(actor),
  });
  return { ...company, warnings: duplicateNameWarnings(company.name, sameNamed) };
}
