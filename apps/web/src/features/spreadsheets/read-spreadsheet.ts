import Papa from "papaparse";

/**
 * A spreadsheet chosen in the browser, read there: the server never receives the file, only
 * `contact.bulkUpsert` batches made from it. `rows` can be walked more than once (the import
 * reads the file twice: first for the keys that collapse, then to send).
 */
export interface Spreadsheet {
  name: string;
  header: string[];
  /** The data rows (after the header), `size` at a time; stop early by leaving the loop. */
  rows(size: number): AsyncGenerator<string[][]>;
}

export class SpreadsheetError extends Error {}

const XLSX = /\.xlsx$/i;
/** Papa reads the File a megabyte at a time (its own default for files is 10 MB). */
const CHUNK_BYTES = 1 << 20;

export function isXlsx(file: File) {
  return (
    XLSX.test(file.name) || file.type === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
  );
}

export async function openSpreadsheet(file: File): Promise<Spreadsheet> {
  if (isXlsx(file)) return openXlsx(file);
  const spreadsheet: Spreadsheet = {
    name: file.name,
    header: [],
    rows: (size) => csvRows(file, size),
  };
  for await (const first of csvRows(file, 1, true)) {
    spreadsheet.header = cleanHeader(first[0] ?? []);
    break;
  }
  if (spreadsheet.header.every((h) => h.trim() === ""))
    throw new SpreadsheetError("The file has no header row");
  return spreadsheet;
}

/** A UTF-8 byte order mark (Excel writes one) is not part of the first header. */
const cleanHeader = (header: string[]) => header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h));

/**
 * CSV rows, streamed: Papa parses the File chunk by chunk and pauses after each until the
 * consumer asks for more, so at most a chunk and a batch are held. The delimiter (`,` `;` tab
 * `|`) is detected; quoted newlines and CRLF are handled by Papa.
 */
async function* csvRows(file: File, size: number, includeHeader = false): AsyncGenerator<string[][]> {
  const queue: string[][] = [];
  let parser: Papa.Parser | undefined;
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let seenHeader = includeHeader;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  Papa.parse<string[]>(file, {
    chunkSize: CHUNK_BYTES,
    skipEmptyLines: "greedy",
    chunk(results, p) {
      parser = p;
      p.pause();
      let rows = results.data;
      if (!seenHeader) {
        rows = rows.slice(1);
        seenHeader = true;
      }
      for (const row of rows) queue.push(row);
      signal();
    },
    complete() {
      done = true;
      signal();
    },
    error(err) {
      failure = new SpreadsheetError(`Could not read the file: ${err.message}`);
      signal();
    },
  });
  try {
    while (true) {
      while (queue.length >= size || (queue.length > 0 && done)) yield queue.splice(0, size);
      if (failure) throw failure;
      if (done) return;
      const waiting = new Promise<void>((resolve) => {
        wake = resolve;
      });
      parser?.resume();
      await waiting;
    }
  } finally {
    if (!done) parser?.abort();
  }
}

/**
 * XLSX: exceljs, loaded only here (a dynamic import, so no other page's JavaScript grows). An
 * .xlsx file is a zip whose directory sits at its end and exceljs's browser build has no
 * streaming reader, so the first sheet is read whole, in the browser; its rows are then
 * handed out in batches like a CSV's.
 */
async function openXlsx(file: File): Promise<Spreadsheet> {
  const { Workbook } = await import("exceljs");
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(await file.arrayBuffer());
  } catch {
    throw new SpreadsheetError("Could not read the file as an Excel workbook (.xlsx)");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SpreadsheetError("The workbook has no sheet");
  const all: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    if (cells.some((c) => c.trim() !== "")) all.push(cells);
  });
  const header = cleanHeader(all.shift() ?? []);
  if (header.every((h) => h.trim() === "")) throw new SpreadsheetError("The sheet has no header row");
  return {
    name: file.name,
    header,
    async *rows(size) {
      for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
    },
  };
}

/** A cell as the text an export would hold: rich text, links and formula results by their text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join("");
    if (v.text !== undefined) return cellText(v.text);
    if ("result" in v) return cellText(v.result);
    if (v.error !== undefined) return "";
  }
  return String(value);
}
