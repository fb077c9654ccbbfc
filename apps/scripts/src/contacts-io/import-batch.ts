import {
  BulkUpsertItem,
  type BulkUpsertItemInput,
  CompanyName,
  CreateContactRequest,
  type ErrorIssue,
  type RowItem,
  toErrorIssues,
} from "@contacts/contracts";
import type { ImportTotals } from "./import-checkpoint";
import type { RejectedRow } from "./rejects-file";

/** A row that goes to the server: its item, and the company it names by name (if any). */
export interface SendRow {
  line: number;
  raw: unknown;
  item: BulkUpsertItemInput;
  company?: { name: string; jobTitle: string | null };
}

/**
 * A run of consecutive lines of the file and everything they produce: the rows sent in one
 * `contact.bulkUpsert` call, the rows rejected or collapsed before sending, and the counts.
 * A batch is finished when its call has answered; the checkpoint advances over finished
 * batches in file order only, so a rerun resumes after the last line of the finished prefix.
 */
export interface ImportBatch {
  seq: number;
  /** The batch's last line (its first is the previous batch's last + 1). */
  toLine: number;
  rows: SendRow[];
  /** Bytes of the rows' JSON: a batch closes before the request would near the 4 MiB body limit. */
  bytes: number;
  /** Bytes of the file read when the batch closed (progress). */
  bytesRead: number;
  rejects: RejectedRow[];
  tally: ImportTotals;
}

/** Issue paths of an item turned into the columns of the file (`["data","email"]` → `["email"]`). */
export function toColumnPaths(issues: ErrorIssue[]): ErrorIssue[] {
  return issues.map((issue) => {
    const [head, second, ...rest] = issue.path;
    if (head === "data") return { ...issue, path: issue.path.slice(1) };
    if (head === "ref" && second === "id") return { ...issue, path: ["externalId", ...rest] };
    if (head === "ref") return { ...issue, path: ["upsert-by", ...issue.path.slice(1)] };
    if (head === "expectedVersion") return { ...issue, path: ["version", ...issue.path.slice(1)] };
    return issue;
  });
}

/**
 * Validates a row with the contract before it is sent (the server validates again): a bad
 * row is rejected with its reasons without a round trip, and never fails its batch.
 */
export function validateRow(
  line: number,
  raw: unknown,
  result: Extract<RowItem, { ok: true }>,
): SendRow | { issues: ErrorIssue[] } {
  const parsed = BulkUpsertItem.safeParse(result.item);
  const issues: ErrorIssue[] = parsed.success ? [] : toColumnPaths(toErrorIssues(parsed.error.issues));
  if (parsed.success && result.item.id === undefined && result.item.ref === undefined) {
    const create = CreateContactRequest.safeParse(result.item.data);
    if (!create.success) issues.push(...toErrorIssues(create.error.issues));
  }
  if (result.company) {
    const name = CompanyName.safeParse(result.company.name);
    if (!name.success)
      issues.push(...toErrorIssues(name.error.issues).map((i) => ({ ...i, path: ["company"] })));
  }
  if (issues.length) return { issues };
  return { line, raw, item: result.item, ...(result.company ? { company: result.company } : {}) };
}
