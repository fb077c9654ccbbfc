import type {
  BulkUpsertItemInput,
  ErrorIssue,
  SpreadsheetColumn,
  SpreadsheetRecord,
} from "@contacts/contracts";
import { BulkUpsertItem } from "@contacts/contracts/schemas/bulk-upsert";
import { CompanyName } from "@contacts/contracts/schemas/company";
import { CreateContactRequest } from "@contacts/contracts/schemas/create-contact-request";
import { toErrorIssues } from "@contacts/contracts/schemas/error-issues";
import { IDENTITY_REQUIRED_MESSAGE } from "@contacts/contracts/schemas/identity-rule";
import { columnLabel } from "@contacts/contracts/spreadsheet/spreadsheet-columns";
import { rowToItem, withCompany } from "@contacts/contracts/spreadsheet/spreadsheet-row";

/**
 * What the rows of a file do: create contacts, update the contacts of an export's `id`
 * column, or upsert by the `externalId` column's reference in a namespace.
 */
export type ImportMode = "create" | "update" | "upsert";

export interface ImportSettings {
  /** The column each header of the file is read as (undefined: ignored). */
  columns: readonly (SpreadsheetColumn | undefined)[];
  mode: ImportMode;
  namespace: string;
  emptyClears: boolean;
}

/** A problem with a row, at the column it comes from when there is one. */
export interface RowProblem {
  column?: SpreadsheetColumn;
  message: string;
}

export type CheckedRow =
  | {
      ok: true;
      item: BulkUpsertItemInput;
      /** Rows with the same key name the same contact: the last one wins. */
      key: string;
      company?: { name: string; jobTitle: string | null };
    }
  | { ok: false; problems: RowProblem[] };

/** Columns a mode does not read: an update goes by id alone, an upsert by reference alone. */
const UNUSED: Record<ImportMode, readonly SpreadsheetColumn[]> = {
  create: ["id", "version", "externalId"],
  update: ["externalId"],
  upsert: ["id", "version"],
};

export const readsColumn = (mode: ImportMode, column: SpreadsheetColumn) => !UNUSED[mode].includes(column);

export function recordOf(row: readonly string[], settings: ImportSettings): SpreadsheetRecord {
  const record: SpreadsheetRecord = {};
  settings.columns.forEach((column, i) => {
    if (column && readsColumn(settings.mode, column)) record[column] = row[i] ?? "";
  });
  return record;
}

/** The column an issue of a bulkUpsert item (or of a create's data) is about. */
function columnOf(path: readonly (string | number)[], viaCompany: boolean): SpreadsheetColumn | undefined {
  const [first, second] = path;
  if (first === "id") return "id";
  if (first === "expectedVersion") return "version";
  if (first === "ref") return second === "id" ? "externalId" : undefined;
  const field = first === "data" ? second : first;
  if (field === "connections" && viaCompany) return path.includes("jobTitle") ? "jobTitle" : "company";
  return typeof field === "string" ? (field as SpreadsheetColumn) : undefined;
}

/** The contract's messages, with the field names some of them quote said as people say them. */
const plain = (message: string) =>
  message === IDENTITY_REQUIRED_MESSAGE ? "A contact needs a first name, a last name or an email" : message;

export const problemsOf = (issues: readonly ErrorIssue[], viaCompany: boolean): RowProblem[] =>
  issues.map((issue) => ({ column: columnOf(issue.path, viaCompany), message: plain(issue.message) }));

/**
 * One row checked as the server will check it: `rowToItem` (the spreadsheet rules shared
 * with the CLI), then the contract's own schemas, BulkUpsertItem and, for a create,
 * CreateContactRequest. The company is checked by name; its id comes at run time.
 */
export function checkRow(row: readonly string[], settings: ImportSettings): CheckedRow {
  const namespace = settings.namespace.trim();
  if (settings.mode === "upsert" && namespace === "") {
    return { ok: false, problems: [{ message: "Choose the namespace of the external ids" }] };
  }
  const converted = rowToItem(recordOf(row, settings), {
    namespace: settings.mode === "upsert" ? namespace : undefined,
    // A new contact has nothing to clear.
    emptyClears: settings.mode !== "create" && settings.emptyClears,
  });
  if (!converted.ok) return { ok: false, problems: problemsOf(converted.issues, true) };
  const { item, key, company } = converted;
  if (settings.mode === "update" && item.id === undefined) {
    return { ok: false, problems: [{ column: "id", message: "Required when updating by contact id" }] };
  }
  const problems: RowProblem[] = [];
  if (company) {
    const name = CompanyName.safeParse(company.name);
    if (!name.success) problems.push(...problemsOf(toErrorIssues(name.error.issues), true).map(atCompany));
  }
  // A stand-in company id: the real one is known once company.ensure has run.
  const candidate = company ? withCompany(item, "company", company.jobTitle) : item;
  const parsed = BulkUpsertItem.safeParse(candidate);
  if (!parsed.success) problems.push(...problemsOf(toErrorIssues(parsed.error.issues), Boolean(company)));
  else if (item.id === undefined && item.ref === undefined) {
    const create = CreateContactRequest.safeParse(candidate.data);
    if (!create.success) problems.push(...problemsOf(toErrorIssues(create.error.issues), Boolean(company)));
  }
  return problems.length ? { ok: false, problems } : { ok: true, item, key, company };
}

const atCompany = (p: RowProblem): RowProblem => ({ ...p, column: "company" });

/** A problem in words, naming its column: "Email: Not a valid email address". */
export const describeProblem = (p: RowProblem) =>
  p.column ? `${columnLabel(p.column)}: ${p.message}` : p.message;
