import type { SpreadsheetColumn } from "@contacts/contracts";
import { columnLabel } from "@contacts/contracts/spreadsheet/spreadsheet-columns";
import { type CheckedRow, checkRow, describeProblem, type ImportSettings, readsColumn } from "./check-row";

/** What a valid row will do, in words. */
function action(row: CheckedRow & { ok: true }): string {
  const { item, company } = row;
  const what = item.id
    ? "Updates contact"
    : item.ref
      ? `Updates or creates ${item.ref.namespace}:${item.ref.id}`
      : "Creates a contact";
  return company ? `${what}, at ${company.name}` : what;
}

/**
 * The first rows of the file as they will be imported: the mapped columns, each cell with the
 * problems found in it, and each row's result, checked by the same rules as the server.
 */
export function ImportPreview({ rows, settings }: { rows: readonly string[][]; settings: ImportSettings }) {
  const shown = settings.columns
    .map((column, i) => ({ column, i }))
    .filter((c): c is { column: SpreadsheetColumn; i: number } => c.column !== undefined)
    .filter(({ column }) => readsColumn(settings.mode, column));
  const checked = rows.map((row) => checkRow(row, settings));
  const valid = checked.filter((c) => c.ok).length;

  return (
    <section aria-labelledby="preview-heading" className="card space-y-3">
      <h2 id="preview-heading" className="text-lg font-semibold">
        Preview
      </h2>
      <p className="text-sm text-slate-700">
        The first {rows.length} rows, checked by the same rules as the server: {valid} ready,{" "}
        {rows.length - valid} with problems.
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section className="overflow-x-auto" tabIndex={0} aria-label="Preview rows, scrolls sideways">
        <table className="min-w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="px-2 py-1 font-medium">
                Row
              </th>
              {shown.map(({ column, i }) => (
                <th key={i} scope="col" className="px-2 py-1 font-medium whitespace-nowrap">
                  {columnLabel(column)}
                </th>
              ))}
              <th scope="col" className="px-2 py-1 font-medium">
                Result
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => {
              const result = checked[r]!;
              const problems = result.ok ? [] : result.problems;
              const elsewhere = problems.filter((p) => !shown.some((s) => s.column === p.column));
              return (
                <tr key={r} data-testid="preview-row" className="border-b border-slate-200 align-top">
                  <th scope="row" className="px-2 py-1 font-normal text-slate-600">
                    {r + 2}
                  </th>
                  {shown.map(({ column, i }) => {
                    const here = problems.filter((p) => p.column === column);
                    return (
                      <td key={i} className={`px-2 py-1 ${here.length ? "bg-red-50" : ""}`}>
                        <span className="block max-w-64 break-words">{row[i] ?? ""}</span>
                        {here.map((p) => (
                          <span key={p.message} className="block text-xs text-red-800">
                            {p.message}
                          </span>
                        ))}
                      </td>
                    );
                  })}
                  <td className="px-2 py-1">
                    {result.ok ? (
                      <span className="text-green-800">{action(result)}</span>
                    ) : (
                      <>
                        <span className="font-medium text-red-800">Rejected</span>
                        {elsewhere.map((p) => (
                          <span key={describeProblem(p)} className="block text-xs text-red-800">
                            {describeProblem(p)}
                          </span>
                        ))}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </section>
  );
}
