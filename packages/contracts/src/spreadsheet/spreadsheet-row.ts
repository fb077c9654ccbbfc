import type { BulkUpsertItemInput } from "../schemas/bulk-upsert";
import type { Contact } from "../schemas/contact";
import { CONTACT_FIELDS, type ContactField } from "../schemas/contact-field-kinds";
import type { ErrorIssue } from "../schemas/error-issues";
import { EXPORT_COLUMNS, type SpreadsheetColumn } from "./spreadsheet-columns";

/** A row of a spreadsheet, by column (cells as text; absent columns are not in the file). */
export type SpreadsheetRecord = Partial<Record<SpreadsheetColumn, string>>;

export interface RowOptions {
  /** The namespace of the `externalId` column: the row upserts by that reference. */
  namespace?: string;
  /**
   * Whether an empty cell clears its field. True for a round-tripped export (a file with `id`
   * and `version` columns: its empty cells are values), false otherwise (an empty cell means
   * "leave as is"). See `emptyClearsByDefault`.
   */
  emptyClears: boolean;
}

/** A file with an export's `id` and `version` columns is a round trip: its empty cells clear. */
export const emptyClearsByDefault = (columns: readonly (SpreadsheetColumn | undefined)[]) =>
  columns.includes("id") && columns.includes("version");

/**
 * The row as a `contact.bulkUpsert` item, not yet validated (the contract does that), with
 * the key that tells which rows name the same contact (`id:…`, `ref:…`, or for a create the
 * row's own content) and the company it names by name, which the caller resolves to an id
 * and then adds with `withCompany`.
 */
export type RowItem =
  | { ok: true; item: BulkUpsertItemInput; key: string; company?: { name: string; jobTitle: string | null } }
  | { ok: false; issues: ErrorIssue[] };

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  "1": true,
  "0": false,
  ja: true,
  nej: false,
};

const isList = (column: string) => column === "tags" || column === "externalRefs" || column === "connections";

/** A cell's value for the request, or an issue. Lists: the export's JSON, or `a;b` / `ns:id;ns:id`. */
function cellValue(column: ContactField, cell: string): { value: unknown } | { issue: string } {
  const text = cell.trim();
  const json = () => {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch {
      return { issue: "Not a valid JSON array" };
    }
  };
  switch (column) {
    case "profilePictureId":
      return { value: /^-?\d+$/.test(text) ? Number(text) : cell };
    case "blocked":
      return { value: BOOLEANS[text.toLowerCase()] ?? cell };
    case "tags":
      return text.startsWith("[")
        ? json()
        : {
            value: text
              .split(/[;,]/)
              .map((t) => t.trim())
              .filter((t) => t !== ""),
          };
    case "externalRefs":
      return text.startsWith("[")
        ? json()
        : {
            value: text
              .split(";")
              .map((r) => r.trim())
              .filter((r) => r !== "")
              .map((pair) => {
                const at = pair.indexOf(":");
                return at === -1
                  ? pair
                  : { namespace: pair.slice(0, at).trim(), id: pair.slice(at + 1).trim() };
              }),
          };
    case "connections": {
      const parsed = json();
      return "issue" in parsed ? parsed : { value: connectionsFromExport(parsed.value) };
    }
    default:
      return { value: cell };
  }
}

/**
 * Connections as an export writes them (`company: { id, name }`) turned into request form
 * (`company: { kind: "existing", id }`); anything else is left for the contract to judge.
 */
export function connectionsFromExport(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((c: unknown) => {
    const { company, jobTitle, primary } = (c ?? {}) as Record<string, unknown>;
    const ref = company as { kind?: unknown; id?: unknown } | undefined;
    return ref && ref.kind === undefined && typeof ref.id === "string"
      ? { company: { kind: "existing", id: ref.id }, jobTitle, primary }
      : c;
  });
}

/**
 * Which contact an item names, so rows of one file naming the same contact collapse (last
 * wins): `id:…`, `ref:<namespace>:<id>` (namespace case-insensitive, as stored), or for a
 * create its whole content (identical create rows are one contact).
 */
export function itemKey(
  item: BulkUpsertItemInput,
  company?: { name: string; jobTitle: string | null },
): string {
  if (item.id !== undefined) return `id:${item.id}`;
  if (item.ref) return `ref:${item.ref.namespace.toLowerCase()}:${item.ref.id}`;
  return `new:${JSON.stringify([item.data, company?.name, company?.jobTitle ?? null])}`;
}

/** The row as a bulkUpsert item (see RowItem). */
export function rowToItem(record: SpreadsheetRecord, options: RowOptions): RowItem {
  const data: Record<string, unknown> = {};
  const issues: ErrorIssue[] = [];
  for (const field of CONTACT_FIELDS) {
    const cell = record[field];
    if (cell === undefined) continue;
    if (cell.trim() === "") {
      if (options.emptyClears) data[field] = isList(field) ? [] : null;
      continue;
    }
    const parsed = cellValue(field, cell);
    if ("issue" in parsed) issues.push({ path: [field], message: parsed.issue });
    else data[field] = parsed.value;
  }
  const company = record.company?.trim();
  const jobTitle = record.jobTitle?.trim() || null;
  if (jobTitle && !company) issues.push({ path: ["jobTitle"], message: "A job title needs a company" });
  if (company && record.connections?.trim()) {
    issues.push({ path: ["company"], message: "Give either a company or connections, not both" });
  }
  if (issues.length) return { ok: false, issues };

  const id = record.id?.trim();
  const externalId = record.externalId?.trim();
  const companyPart = company ? { company: { name: company, jobTitle } } : {};
  if (id) {
    const versionCell = record.version?.trim();
    const item: BulkUpsertItemInput = { id, data };
    if (versionCell) {
      if (!/^\d+$/.test(versionCell)) {
        return { ok: false, issues: [{ path: ["version"], message: "Must be a whole number" }] };
      }
      item.expectedVersion = Number(versionCell);
    }
    return { ok: true, item, key: itemKey(item), ...companyPart };
  }
  if (options.namespace !== undefined && externalId) {
    const item: BulkUpsertItemInput = { ref: { namespace: options.namespace, id: externalId }, data };
    return { ok: true, item, key: itemKey(item), ...companyPart };
  }
  if (options.namespace !== undefined && record.id === undefined) {
    return {
      ok: false,
      issues: [{ path: ["externalId"], message: `Required when upserting by ${options.namespace}` }],
    };
  }
  const item: BulkUpsertItemInput = { data };
  return {
    ok: true,
    item,
    key: itemKey(item, company ? { name: company, jobTitle } : undefined),
    ...companyPart,
  };
}

/** The item with the row's company, resolved to its id, as the contact's one primary connection. */
export function withCompany(item: BulkUpsertItemInput, companyId: string, jobTitle: string | null) {
  return {
    ...item,
    data: {
      ...item.data,
      connections: [{ company: { kind: "existing" as const, id: companyId }, jobTitle, primary: true }],
    },
  };
}

/** A contact as an export row, in EXPORT_COLUMNS order: scalars as text, lists as JSON arrays. */
export function contactToRow(contact: Contact): string[] {
  return EXPORT_COLUMNS.map((column) => {
    const value = contact[column];
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return JSON.stringify(value);
    return String(value);
  });
}
