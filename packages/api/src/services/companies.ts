import type {
  Company,
  CompanyPage,
  CreateCompanyRequest,
  EnsureCompaniesInput,
  EnsureCompaniesOutput,
  GetCompanyInput,
  ListCompaniesInput,
} from "@contacts/contracts";
import {
  type CompanyRow,
  type Executor,
  ensureCompanyRows,
  getCompanyRow,
  insertCompany,
  listCompanyRows,
  newId,
} from "@contacts/db";
import type { Actor } from "../actor";
import { NotFoundError, ValidationError } from "../errors";

const toCompany = (row: CompanyRow): Company => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export async function createCompany(
  db: Executor,
  actor: Actor,
  input: CreateCompanyRequest,
): Promise<Company> {
  return toCompany(
    await insertCompany(db, { workspaceId: actor.workspaceId, id: newId(), name: input.name }),
  );
}

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

/**
 * company.ensure: the companies of these names, found or created (see ensureCompanyRows), one
 * per distinct name, case-insensitively, in the order first given.
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
  });
  return { companies };
}
