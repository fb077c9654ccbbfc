import type { SpreadsheetColumn } from "@contacts/contracts";
import { columnLabel, SPREADSHEET_COLUMNS } from "@contacts/contracts/spreadsheet/spreadsheet-columns";

const IGNORE = "";

/**
 * One select per header of the file: the column it is read as, or Ignore. A column is read
 * from one header at most, so choosing it for a header frees it from any other.
 */
export function ColumnMapping({
  header,
  columns,
  onChange,
}: {
  header: readonly string[];
  columns: readonly (SpreadsheetColumn | undefined)[];
  onChange: (columns: (SpreadsheetColumn | undefined)[]) => void;
}) {
  return (
    <fieldset className="card">
      <legend className="text-lg font-semibold">Columns</legend>
      <p className="mb-3 text-sm text-slate-700">
        Each column of the file is read as the field chosen here. Headers that other CRMs write were matched
        already; columns set to Ignore are not imported.
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {header.map((name, i) => {
          const id = `column-${i}`;
          return (
            <div key={id}>
              <label htmlFor={id} className="label break-words">
                {name.trim() === "" ? `Column ${i + 1} (no header)` : name}
              </label>
              <select
                id={id}
                className="input"
                value={columns[i] ?? IGNORE}
                onChange={(e) => {
                  const chosen = (e.target.value || undefined) as SpreadsheetColumn | undefined;
                  onChange(columns.map((c, j) => (j === i ? chosen : c === chosen ? undefined : c)));
                }}
              >
                <option value={IGNORE}>Ignore</option>
                {SPREADSHEET_COLUMNS.map((column) => (
                  <option key={column} value={column}>
                    {columnLabel(column)}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
