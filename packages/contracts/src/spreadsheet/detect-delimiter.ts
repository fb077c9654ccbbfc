/** The delimiters a spreadsheet's CSV may use: comma, semicolon (European Excel), tab. */
export const CSV_DELIMITERS = [",", ";", "\t"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * The delimiter of a CSV file, told from its header line: the one of `,` `;` tab that occurs
 * most often outside quotes (comma on a tie or when none occurs). Excel in much of Europe
 * writes `;` because `,` is the decimal separator there; header lines rarely hold either in
 * a name, so the count is a safe tell.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const counts: Record<CsvDelimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of body) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch in counts) counts[ch as CsvDelimiter]++;
  }
  let best: CsvDelimiter = ",";
  for (const d of CSV_DELIMITERS) if (counts[d] > counts[best]) best = d;
  return best;
}

/** `--delimiter` and the import page: "," ";" "tab" (or a tab character), else undefined. */
export function parseDelimiter(name: string): CsvDelimiter | undefined {
  if (name === "tab" || name === "\\t" || name === "\t") return "\t";
  return name === "," || name === ";" ? name : undefined;
}
