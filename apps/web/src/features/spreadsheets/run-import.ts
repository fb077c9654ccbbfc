import type { BulkUpsertItemInput, BulkUpsertOutput, EnsureCompaniesOutput } from "@contacts/contracts";
import { withCompany } from "@contacts/contracts/spreadsheet/spreadsheet-row";
import { type CheckedRow, checkRow, describeProblem, type ImportSettings, problemsOf } from "./check-row";
import type { Spreadsheet } from "./read-spreadsheet";

/** Rows per contact.bulkUpsert call (the contract allows 1000; 500 keeps each call short). */
export const IMPORT_BATCH = 500;
/** Batches on the wire at once: the next is prepared and sent while the server writes one. */
const IN_FLIGHT = 2;

/** The two calls an import makes, so this file knows nothing of tRPC. */
export interface ImportApi {
  ensureCompanies(names: string[]): Promise<EnsureCompaniesOutput>;
  bulkUpsert(items: BulkUpsertItemInput[]): Promise<BulkUpsertOutput>;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  collapsed: number;
  rejected: number;
}

/** A row as the spreadsheet numbers it: the header is row 1, the first data row row 2. */
const rowNumber = (index: number) => index + 2;

export interface RejectedRow {
  row: number;
  cells: string[];
  reasons: string;
}

/** A row not sent because a later row names the same contact (the last one wins). */
export interface CollapsedRow {
  row: number;
  by: number;
}

export interface ImportProgress {
  done: number;
  total: number;
  counts: ImportCounts;
}

export interface ImportResult extends ImportProgress {
  rejected: RejectedRow[];
  collapsed: CollapsedRow[];
  /** True when Cancel stopped it (after the batch under way). */
  cancelled: boolean;
  /** Why it stopped early, when a whole call failed (network, session, server). */
  failure?: string;
}

/**
 * cyrb53: a create's key is its whole row, so the first pass keeps a 53-bit digest of it
 * instead (ids and references are short and kept as they are).
 */
function digest(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const keyOf = (row: CheckedRow & { ok: true }) =>
  row.key.startsWith("new:") ? `new:${digest(row.key)}` : row.key;

/**
 * The first pass: the last row of each key, and how many rows there are. Rows naming the
 * same contact are then sent once, as the last of them, in one write; the others are
 * reported as collapsed (the server would answer `superseded` within one call, but rows of
 * the same key can sit in different batches).
 */
export async function lastRowOfKeys(
  sheet: Spreadsheet,
  settings: ImportSettings,
): Promise<{ lastOf: Map<string, number>; total: number }> {
  const lastOf = new Map<string, number>();
  let index = 0;
  for await (const rows of sheet.rows(IMPORT_BATCH)) {
    for (const row of rows) {
      const checked = checkRow(row, settings);
      if (checked.ok) lastOf.set(keyOf(checked), index);
      index++;
    }
  }
  return { lastOf, total: index };
}

const emptyCounts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, collapsed: 0, rejected: 0 });

/**
 * The second pass: each batch of rows checked, its companies resolved by name
 * (company.ensure), then sent as one contact.bulkUpsert. While one batch is on the wire the
 * next is read, prepared and sent (at most IN_FLIGHT at once; rows of one key are never in
 * two batches, so they cannot race). Cancel stops after the batches under way; a call that fails as a whole stops the import there (a rerun of the file is safe
 * for updates and upserts: rows already applied come back unchanged).
 */
export async function runImport(options: {
  sheet: Spreadsheet;
  settings: ImportSettings;
  api: ImportApi;
  lastOf: Map<string, number>;
  total: number;
  cancelled: () => boolean;
  onProgress: (progress: ImportProgress) => void;
  /**
   * For a call that failed as a whole: how long to wait before sending it again, or undefined
   * to stop the import. Only for refusals that wrote nothing (a rate limit's 429): a lost
   * answer may hide a write, and resending it would report conflicts or create twice.
   */
  retryDelay?: (err: unknown, attempt: number) => number | undefined;
}): Promise<ImportResult> {
  const { sheet, settings, api, lastOf, total } = options;
  const result: ImportResult = {
    done: 0,
    total,
    counts: emptyCounts(),
    rejected: [],
    collapsed: [],
    cancelled: false,
  };
  const reject = (index: number, cells: string[], reasons: string) => {
    result.rejected.push({ row: rowNumber(index), cells, reasons });
    result.counts.rejected++;
  };

  async function retrying<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const delay = options.retryDelay?.(err, attempt);
        if (delay === undefined) throw err;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async function send(rows: string[][], first: number) {
    const pending: { index: number; cells: string[]; checked: CheckedRow & { ok: true } }[] = [];
    rows.forEach((cells, i) => {
      const index = first + i;
      const checked = checkRow(cells, settings);
      if (!checked.ok) {
        reject(index, cells, checked.problems.map(describeProblem).join("; "));
        return;
      }
      const last = lastOf.get(keyOf(checked)) ?? index;
      if (last !== index) {
        result.collapsed.push({ row: rowNumber(index), by: rowNumber(last) });
        result.counts.collapsed++;
        return;
      }
      pending.push({ index, cells, checked });
    });
    if (pending.length) {
      const names = [...new Set(pending.flatMap((p) => (p.checked.company ? [p.checked.company.name] : [])))];
      const companyIds = new Map<string, string>();
      if (names.length) {
        const { companies } = await retrying(() => api.ensureCompanies(names));
        for (const c of companies) companyIds.set(c.name.toLowerCase(), c.id);
      }
      const items = pending.map(({ checked: { item, company } }) => {
        const companyId = company && companyIds.get(company.name.toLowerCase());
        return company && companyId ? withCompany(item, companyId, company.jobTitle) : item;
      });
      const { results } = await retrying(() => api.bulkUpsert(items));
      results.forEach((r, i) => {
        const p = pending[i]!;
        if (!r.ok) {
          const reasons = r.error.issues?.length
            ? problemsOf(r.error.issues, Boolean(p.checked.company)).map(describeProblem).join("; ")
            : r.error.message;
          reject(p.index, p.cells, reasons);
          return;
        }
        result.counts[r.outcome === "superseded" ? "collapsed" : r.outcome]++;
      });
    }
    result.done += rows.length;
    options.onProgress({ done: result.done, total, counts: { ...result.counts } });
  }

  const inFlight: Promise<void>[] = [];
  let first = 0;
  const stopped = () => result.failure !== undefined || options.cancelled();
  const track = (work: Promise<void>) =>
    work.catch((err: unknown) => {
      result.failure ??= err instanceof Error ? err.message : String(err);
    });
  for await (const rows of sheet.rows(IMPORT_BATCH)) {
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    if (stopped()) break;
    inFlight.push(track(send(rows, first)));
    first += rows.length;
  }
  await Promise.all(inFlight);
  // In file order: the server's rejections of a batch come after the checks of later ones.
  result.rejected.sort((a, b) => a.row - b.row);
  result.collapsed.sort((a, b) => a.row - b.row);
  result.cancelled = result.failure === undefined && options.cancelled() && result.done < total;
  return result;
}
