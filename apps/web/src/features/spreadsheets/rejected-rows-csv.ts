import { CSV_BOM, csvLines } from "./contacts-csv";
import type { RejectedRow } from "./run-import";

/**
 * The rejected rows as they were in the file, under its header, with a `reasons` column
 * added: fix the cells, delete the column or leave it (an import ignores it) and import the
 * file again. Built in the browser from the rows the import kept.
 */
export function rejectedRowsCsv(header: readonly string[], rejected: readonly RejectedRow[]): string {
  // A row longer than the header keeps its extra cells, under empty headers, before `reasons`.
  const width = rejected.reduce((w, r) => Math.max(w, r.cells.length), header.length);
  const pad = (cells: readonly string[]) => [...cells, ...Array<string>(width - cells.length).fill("")];
  return (
    CSV_BOM + csvLines([[...pad(header), "reasons"], ...rejected.map((r) => [...pad(r.cells), r.reasons])])
  );
}

/** Offers text as a file download (a Blob URL, so nothing goes to the server). */
export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
