import { CONTACT_FIELDS, type Contact, type ErrorIssue } from "@contacts/contracts";

/** CSV columns of a contact are its writable fields, as the contract lists them, in export order. */
const WRITABLE_COLUMNS = CONTACT_FIELDS;
/** Read-only columns of an export: import accepts and ignores them, so an export re-imports. */
export const READ_ONLY_COLUMNS = ["id", "version", "createdAt", "updatedAt"] as const;
/** The column (or JSONL key) holding the row's id in the `--upsert-by` namespace. */
export const EXTERNAL_ID_COLUMN = "externalId";
export const EXPORT_COLUMNS = ["id", ...WRITABLE_COLUMNS, "version", "createdAt", "updatedAt"] as const;

const KNOWN = new Set<string>([...WRITABLE_COLUMNS, ...READ_ONLY_COLUMNS, EXTERNAL_ID_COLUMN]);

/** Columns of a CSV header this import does not know (a typo must not be silently dropped). */
export const unknownColumns = (header: string[]) => header.filter((c) => !KNOWN.has(c));

/** A row turned into request data: `data` is still unvalidated (the contracts do that). */
export interface RowData {
  externalId: string | undefined;
  data: Record<string, unknown>;
}

export type RowResult = { ok: true; row: RowData } | { ok: false; issues: ErrorIssue[] };

/** An exported connection (`company: { id, name }`) written back as a reference to it. */
function toConnectionInput(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((c) => {
    const company = (c as { company?: { kind?: unknown; id?: unknown } } | null)?.company;
    if (company && company.kind === undefined && typeof company.id === "string") {
      const { jobTitle, primary } = c as { jobTitle?: unknown; primary?: unknown };
      return { company: { kind: "existing", id: company.id }, jobTitle, primary };
    }
    return c;
  });
}

function fromObject(record: Record<string, unknown>): RowResult {
  const data: Record<string, unknown> = {};
  let externalId: string | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (key === EXTERNAL_ID_COLUMN) {
      if (value !== null && value !== undefined && value !== "") externalId = String(value);
    } else if (!(READ_ONLY_COLUMNS as readonly string[]).includes(key)) {
      data[key] = key === "connections" ? toConnectionInput(value) : value;
    }
  }
  return { ok: true, row: { externalId, data } };
}

/** A JSONL line: a JSON object of request fields (plus `externalId`). */
export function rowFromJsonLine(line: string): RowResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, issues: [{ path: [], message: "Not valid JSON" }] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ path: [], message: "Must be a JSON object" }] };
  }
  return fromObject(value as Record<string, unknown>);
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  "1": true,
  "0": false,
};

/**
 * A CSV record (column → cell). An empty cell means "no value" (the field is left out, so an
 * upsert leaves it unchanged). List cells are JSON arrays as export writes them; `tags` may
 * also be `a;b;c` and `externalRefs` `namespace:id;namespace:id`.
 */
export function rowFromCsvRecord(record: Record<string, string>): RowResult {
  const out: Record<string, unknown> = {};
  const issues: ErrorIssue[] = [];
  for (const [column, raw] of Object.entries(record)) {
    const cell = raw ?? "";
    if (cell.trim() === "") continue;
    const json = (text: string) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        issues.push({ path: [column], message: "Not a valid JSON array" });
        return undefined;
      }
    };
    switch (column) {
      case "profilePictureId":
        out[column] = /^\s*-?\d+\s*$/.test(cell) ? Number(cell) : cell;
        break;
      case "blocked":
        out[column] = BOOLEANS[cell.trim().toLowerCase()] ?? cell;
        break;
      case "tags":
        out[column] = cell.trim().startsWith("[")
          ? json(cell)
          : cell.split(";").filter((t) => t.trim() !== "");
        break;
      case "externalRefs":
        out[column] = cell.trim().startsWith("[")
          ? json(cell)
          : cell
              .split(";")
              .filter((r) => r.trim() !== "")
              .map((pair) => {
                const at = pair.indexOf(":");
                return at === -1
                  ? pair
                  : { namespace: pair.slice(0, at).trim(), id: pair.slice(at + 1).trim() };
              });
        break;
      case "connections":
        out[column] = json(cell);
        break;
      default:
        out[column] = cell;
    }
  }
  if (issues.length) return { ok: false, issues };
  return fromObject(out);
}

/** A contact as a CSV record: scalars as text, lists as JSON arrays. */
export function contactToCsvRecord(contact: Contact): string[] {
  return EXPORT_COLUMNS.map((column) => {
    const value = contact[column];
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return JSON.stringify(value);
    return String(value);
  });
}
