import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { type ErrorIssue, MergeContactsInput, toErrorIssues } from "@contacts/contracts";
import { parse } from "csv-parse";
import { CommandError } from "../command-error";
import type { FileFormat } from "./read-rows";

/** One row of a merge file: the input of `contact.merge`, or why the row is not one. */
export interface PairRow {
  line: number;
  raw: unknown;
  result: { ok: true; input: MergeContactsInput } | { ok: false; issues: ErrorIssue[] };
}

export interface PairSource {
  size: number;
  bytesRead(): number;
  rows: AsyncIterable<PairRow>;
}

/**
 * A row's merge input: survivorId and mergedId, and `fields` (a JSON object in a CSV cell, an
 * object in JSON lines; empty means the defaults). Other columns (the review columns of
 * `contacts duplicates`) are ignored.
 */
function toPair(record: Record<string, unknown>): PairRow["result"] {
  let fields = record.fields;
  if (typeof fields === "string") {
    if (fields.trim() === "") fields = undefined;
    else {
      try {
        fields = JSON.parse(fields);
      } catch {
        return {
          ok: false,
          issues: [{ path: ["fields"], message: 'Not JSON: a cell such as {"email":"merged"}' }],
        };
      }
    }
  }
  const input = {
    survivorId: record.survivorId,
    mergedId: record.mergedId,
    ...(fields === undefined || fields === null ? {} : { fields }),
  };
  const parsed = MergeContactsInput.safeParse(input);
  return parsed.success
    ? { ok: true, input: parsed.data }
    : { ok: false, issues: toErrorIssues(parsed.error.issues) };
}

/** Streams the pairs of a CSV (with a header) or JSONL file. */
export async function openPairSource(file: string, format: FileFormat): Promise<PairSource> {
  const size = await stat(file).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw new CommandError(`Cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
    },
  );
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  return {
    size,
    bytesRead: () => input.bytesRead,
    rows: format === "csv" ? csvPairs(input) : jsonlPairs(input),
  };
}

async function* jsonlPairs(input: NodeJS.ReadableStream): AsyncIterable<PairRow> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      yield { line, raw: text, result: { ok: false, issues: [{ path: [], message: "Not a JSON object" }] } };
      continue;
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      yield { line, raw: text, result: { ok: false, issues: [{ path: [], message: "Not a JSON object" }] } };
      continue;
    }
    yield { line, raw: record, result: toPair(record as Record<string, unknown>) };
  }
}

async function* csvPairs(input: NodeJS.ReadableStream): AsyncIterable<PairRow> {
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        for (const needed of ["survivorId", "mergedId"]) {
          if (!names.includes(needed)) throw new CommandError(`The CSV header has no "${needed}" column`);
        }
        return names;
      },
      skip_empty_lines: true,
      info: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { line: info.lines, raw: record, result: toPair(record) };
    }
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError(`Cannot read the CSV: ${(err as Error).message}`);
  }
}
