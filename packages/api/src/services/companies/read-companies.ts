import type {
  Company,
  CompanyContactsInput,
  CompanyContactsPage,
  CompanyHistoryInput,
  CompanyPage,
  GetCompanyInput,
  HistoryPage,
  ListCompaniesInput,
} from "@contacts/contracts";
import {
  type CompanyRow,
  type Executor,
  getCompanyRow,
  listCompanyContacts,
  listCompanyHistory,
  listCompanyRows,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError, ValidationError } from "../../errors";
import { toCompany } from "./company-output";

export async function getCompany(db: Executor, actor: Actor, input: GetCompanyInput): Promise<Company> {
  const row = await getCompanyRow(db, actor.workspaceId, input.id);
  if (!row) throw new NotFoundError("Company");
  return toCompany(row);
}

/**
 * Company cursors carry the name and the id; the query lower-cases the name itself, since
 * JavaScript and PostgreSQL lower-case some letters differently (a Greek final sigma) and a
 * sort key folded here would not match the order there.
 */
const encodeCursor = (row: CompanyRow) =>
  Buffer.from(JSON.stringify([row.name, row.id])).toString("base64url");

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof name === "string" && typeof id === "string") return { name, id };
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError(
    [{ path: ["cursor"], message: "Not a cursor this API handed out" }],
    "INVALID_CURSOR",
  );
}

export async function listCompanies(
  db: Executor,
  actor: Actor,
  input: ListCompaniesInput,
): Promise<CompanyPage> {
  const rows = await listCompanyRows(db, {
    workspaceId: actor.workspaceId,
    search: input.search,
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toCompany),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}

/** company.contacts: the live contacts connected to the company, newest first, keyset by id. */
export async function getCompanyContacts(
  db: Executor,
  actor: Actor,
  input: CompanyContactsInput,
): Promise<CompanyContactsPage> {
  const page = await listCompanyContacts(db, {
    workspaceId: actor.workspaceId,
    companyId: input.id,
    beforeId: input.cursor ?? undefined,
    limit: input.limit + 1,
  });
  if (!page.exists) throw new NotFoundError("Company");
  const items = page.items.slice(0, input.limit);
  return { items, nextCursor: page.items.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/** company.history: newest first; a deleted company's history stays readable. */
export async function getCompanyHistory(
  db: Executor,
  actor: Actor,
  input: CompanyHistoryInput,
): Promise<HistoryPage> {
  const page = await listCompanyHistory(db, {
    workspaceId: actor.workspaceId,
    companyId: input.id,
    beforeId: input.cursor ?? undefined,
    limit: input.limit + 1,
  });
  if (!page.exists) throw new NotFoundError("Company");
  const rows = page.items.slice(0, input.limit);
  return {
    items: rows.map(({ type, at, actor, changes }) => ({
      type,
      at,
      actor: actor as HistoryPage["items"][number]["actor"],
      changes,
    })),
    nextCursor: page.items.length > input.limit ? (rows.at(-1)?.id ?? null) : null,
  };
}
