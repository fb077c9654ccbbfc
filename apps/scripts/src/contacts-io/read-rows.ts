import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import { CommandError } from "../command-error";
import { type RowResult, rowFromCsvRecord, rowFromJsonLine, unknownColumns } from "./contact-rows";

export type FileFormat = "csv" | "jsonl";

export interface SourceRow {
  /** 1-based line of the file where the row starts (the header is line 1 of a CSV). */
  line: number;
  /** The row as read, for the rejects file. */
  raw: unknown;
  result: RowResult;
}

export interface RowSource {
  format: FileFormat;
  size: number;
  /** Bytes of the file read so far (for progress and ETA). */
  bytesRead(): number;
  rows: AsyncIterable<SourceRow>;
}

export function formatOf(file: string): FileFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  return undefined;
}

/**
 * Streams the rows of a CSV or JSONL file: memory stays flat whatever the file's size
 * (records are read as they are consumed; nothing is kept).
 */
export async function openRowSource(file: string, format: FileFormat): Promise<RowSource> {
  const size = await stat(file).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw new CommandError(`Cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
    },
  );
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  const bytesRead = () => input.bytesRead;
  return { format, size, bytesRead, rows: format === "csv" ? csvRows(input) : jsonlRows(input) };
}

async function* jsonlRows(input: NodeJS.ReadableStream): AsyncIterable<SourceRow> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === "") continue;
    yield { line, raw: text, result: rowFromJsonLine(text) };
  }
}

async function* csvRows(input: NodeJS.ReadableStream): AsyncIterable<SourceRow> {
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const unknown = unknownColumns(names);
        if (unknown.length) {
          throw new CommandError(
            `Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")} in the CSV header`,
          );
        }
        return names;
      },
      skip_empty_lines: true,
      relax_column_count: false,
      info: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { line: info.lines, raw: record, result: rowFromCsvRecord(record) };
    }
  } catch (err) {
    if (err instanceof CommandError) throw err;
    const e = err as { message?: string; lines?: number };
    throw new CommandError(`The CSV cannot be read past line ${e.lines ?? "?"}: ${e.message ?? String(err)}`);
  }
}
