/** Rows as aligned columns under a header, for terminal output. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** A timestamp to the second, in UTC; "-" when absent. */
export function formatTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return "-";
  return `${new Date(value).toISOString().slice(0, 19).replace("T", " ")}Z`;
}
