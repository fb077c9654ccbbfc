import { createReadStream, type ReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import {
  type CsvDelimiter,
  cellText,
  detectDelimiter,
  emptyClearsByDefault,
  mapHeader,
  type RowItem,
  rowToItem,
  type SpreadsheetColumn,
  type SpreadsheetRecord,
} from "@contacts/contracts";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { CommandError } from "../command-error";
import { jsonLineToItem } from "./json-line-item";

/** Files the merge and duplicates commands read. */
export type FileFormat = "csv" | "jsonl";
/** Files of contacts: also spreadsheets. */
export type ContactsFileFormat = FileFormat | "xlsx";

export function formatOf(file: string): FileFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  return undefined;
}

export function contactsFormatOf(file: string): ContactsFileFormat | undefined {
  return path.extname(file).toLowerCase() === ".xlsx" ? "xlsx" : formatOf(file);
}

export interface ImportRow {
  /** The row's line in the file (CSV: where the record ends; XLSX: its sheet row; the header is 1). */
  line: number;
  /** The row as read, for the rejects file. */
  raw: unknown;
  result: RowItem;
}

export interface RowOptions {
  /** `--upsert-by`; else the namespace a header such as "HubSpot ID" names. */
  namespace?: string;
  /** `--empty-cells`; else decided by the header (see emptyClearsByDefault). */
  emptyClears?: boolean;
  /** `--delimiter`; else detected from the header line. */
  delimiter?: CsvDelimiter;
}

export interface RowSource {
  size: number;
  /** Bytes of the file read so far (for progress and ETA). */
  bytesRead(): number;
  /** What the rows were read with, once the header is known. */
  namespace: string | undefined;
  emptyClears: boolean;
  delimiter: CsvDelimiter | undefined;
  rows: AsyncIterable<ImportRow>;
  /** Stops reading (the file is closed). */
  close(): void;
}

const cannotRead = (file: string) => (err: NodeJS.ErrnoException) => {
  throw new CommandError(`Cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
};

/** The first bytes of a file as text: enough for its header line. */
async function headOf(file: string, bytes = 64 * 1024): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

interface Cells {
  line: number;
  cells: string[];
}

/**
 * Streams the rows of a CSV, XLSX (first sheet) or JSONL file as `contact.bulkUpsert` items:
 * memory stays flat whatever the file's size (records are read as they are consumed).
 */
export async function openRowSource(
  file: string,
  format: ContactsFileFormat,
  options: RowOptions,
): Promise<RowSource> {
  const size = await stat(file).then((s) => s.size, cannotRead(file));
  const input: ReadStream = createReadStream(file, { highWaterMark: 256 * 1024 });
  input.on("error", () => {});
  const base = { size, bytesRead: () => input.bytesRead, close: () => input.destroy() };
  if (format === "jsonl") {
    return {
      ...base,
      namespace: options.namespace,
      emptyClears: true,
      delimiter: undefined,
      rows: jsonlRows(input, options.namespace),
    };
  }
  let delimiter: CsvDelimiter | undefined;
  let cells: AsyncGenerator<Cells>;
  if (format === "csv") {
    delimiter = options.delimiter ?? detectDelimiter(await headOf(file));
    cells = csvCells(input, delimiter);
  } else {
    cells = xlsxCells(input, file);
  }
  const first = await cells.next();
  const header = first.done ? [] : first.value.cells.map((h) => h.trim());
  const mapped = mapHeader(header);
  const what = format === "csv" ? "CSV" : "XLSX";
  if (mapped.unknown.length) {
    input.destroy();
    const names = mapped.unknown.map((c) => `"${c}"`).join(", ");
    throw new CommandError(
      `Unknown column${mapped.unknown.length > 1 ? "s" : ""} ${names} in the ${what} header (rename or remove ${mapped.unknown.length > 1 ? "them" : "it"}; \`contacts import --help\` lists the columns)`,
    );
  }
  if (mapped.duplicates.length) {
    input.destroy();
    throw new CommandError(
      `The ${what} header names the same column twice: ${mapped.duplicates.map((c) => `"${c}"`).join(", ")}`,
    );
  }
  const namespace = options.namespace ?? mapped.namespace;
  if (
    options.namespace !== undefined &&
    !mapped.columns.includes("externalId") &&
    !mapped.columns.includes("id")
  ) {
    input.destroy();
    throw new CommandError(
      `--upsert-by ${options.namespace}: the ${what} header has no externalId column (each row's id in ${options.namespace}), nor an export's id column`,
    );
  }
  const emptyClears = options.emptyClears ?? emptyClearsByDefault(mapped.columns);
  return {
    ...base,
    namespace,
    emptyClears,
    delimiter,
    rows: recordRows(cells, mapped.columns, { namespace, emptyClears }),
  };
}

async function* recordRows(
  cells: AsyncGenerator<Cells>,
  columns: (SpreadsheetColumn | undefined)[],
  options: { namespace: string | undefined; emptyClears: boolean },
): AsyncIterable<ImportRow> {
  for await (const { line, cells: row } of cells) {
    const record: SpreadsheetRecord = {};
    columns.forEach((column, i) => {
      if (column) record[column] = row[i] ?? "";
    });
    yield { line, raw: record, result: rowToItem(record, options) };
  }
}

async function* jsonlRows(
  input: NodeJS.ReadableStream,
  namespace: string | undefined,
): AsyncIterable<ImportRow> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === "") continue;
    yield { line, raw: text, result: jsonLineToItem(text, namespace) };
  }
}

/** CSV records as cells: BOM dropped, CRLF or LF, quoted delimiters and newlines kept. */
async function* csvCells(input: NodeJS.ReadableStream, delimiter: CsvDelimiter): AsyncGenerator<Cells> {
  const parser = input.pipe(
    parse({ bom: true, delimiter, skip_empty_lines: true, relax_column_count: false, info: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield { line: info.lines, cells: record };
    }
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new CommandError(`The CSV cannot be read past line ${e.lines ?? "?"}: ${e.message ?? String(err)}`);
  }
}

/**
 * The first sheet of an XLSX file, row by row, with exceljs's streaming reader: rows are
 * parsed as the zip is inflated, nothing but the shared-strings table is kept (Excel stores
 * each distinct text once there, so that table grows with the distinct texts, not the rows).
 */
async function* xlsxCells(input: ReadStream, file: string): AsyncGenerator<Cells> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    worksheets: "emit",
    entries: "emit",
  });
  let width = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        // exceljs numbers cells from 1: values[0] is always empty.
        const cells = values.slice(1).map(cellText);
        if (width === 0) width = cells.length;
        while (cells.length < width) cells.push("");
        if (cells.every((c) => c.trim() === "")) continue;
        yield { line: row.number, cells };
      }
      return; // the first sheet only
    }
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError(`${file} cannot be read as an XLSX workbook: ${(err as Error).message}`);
  }
}
