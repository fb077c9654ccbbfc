import {
  BATCH_CALLS_MAX,
  BATCH_ITEMS_MAX,
  CHANGES_LIMIT_DEFAULT,
  type ErrorReason,
  PAGE_LIMIT_DEFAULT,
} from "@contacts/contracts";

/** The procedures of a request's path, or why the path is unusable. */
export type ParsedCalls =
  | { ok: true; procedures: string[]; batch: boolean }
  | { ok: false; message: string; reason: ErrorReason };

/**
 * Reads the procedure path of a tRPC URL ("contact.get" or, batched, "contact.get,contact.list"),
 * decoded once here so a broken `%` escape is the caller's 400, not a URIError inside tRPC.
 */
export function parseCalls(rawPath: string, search: URLSearchParams): ParsedCalls {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, message: "Malformed procedure path: a % escape is broken", reason: "MALFORMED_PATH" };
  }
  const batch = search.get("batch") === "1";
  const procedures = batch ? path.split(",") : [path];
  if (procedures.length > BATCH_CALLS_MAX) {
    return {
      ok: false,
      message: `A batch holds at most ${BATCH_CALLS_MAX} calls; this one has ${procedures.length}`,
      reason: "BATCH_TOO_LARGE",
    };
  }
  return { ok: true, procedures, batch };
}

/** Rows a page may answer: its `limit`, or the default page when it gives none (or a bad one). */
function pageItems(input: unknown, byDefault = PAGE_LIMIT_DEFAULT): number {
  const limit = (input as { limit?: unknown } | null)?.limit;
  return typeof limit === "number" && limit >= 1 ? Math.ceil(limit) : byDefault;
}

const feedItems = (input: unknown) => pageItems(input, CHANGES_LIMIT_DEFAULT);

const ITEMS_OF: Record<string, (input: unknown) => number> = {
  "contact.batchUpdate": (input) => {
    const items = (input as { items?: unknown } | null)?.items;
    return Array.isArray(items) ? items.length : 1;
  },
  "contact.bulkUpsert": (input) => {
    const items = (input as { items?: unknown } | null)?.items;
    return Array.isArray(items) ? items.length : 1;
  },
  "company.ensure": (input) => {
    const names = (input as { names?: unknown } | null)?.names;
    return Array.isArray(names) ? names.length : 1;
  },
  "contact.batchDelete": (input) => {
    const ids = (input as { ids?: unknown } | null)?.ids;
    return Array.isArray(ids) ? ids.length : 1;
  },
  "contact.list": (input) => pageItems(input),
  "contact.duplicateCandidates": (input) => pageItems(input, 100),
  "contact.history": (input) => pageItems(input),
  "contact.changes": feedItems,
  "contact.changedContacts": feedItems,
  "company.list": (input) => pageItems(input),
};

/**
 * The items of a batch's calls together, from their raw inputs (tRPC's batch shape: an object
 * keyed by call index). Inputs are not validated here: each call's own schema does that; a
 * number too large for a schema only makes the batch look more expensive.
 */
export function batchItems(procedures: string[], inputs: unknown): number {
  const byIndex = typeof inputs === "object" && inputs !== null ? (inputs as Record<string, unknown>) : {};
  let total = 0;
  procedures.forEach((procedure, index) => {
    total += ITEMS_OF[procedure]?.(byIndex[index]) ?? 1;
  });
  return total;
}

export const batchItemsMessage = (items: number) =>
  `The calls of a batch may hold at most ${BATCH_ITEMS_MAX} items together (contacts written, page sizes); this one holds ${items}`;

export { BATCH_ITEMS_MAX };
