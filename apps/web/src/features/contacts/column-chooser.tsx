"use client";

import { useEffect, useState } from "react";
import {
  COLUMNS_STORAGE_KEY,
  DEFAULT_COLUMNS,
  LIST_COLUMNS,
  type ListColumn,
  readStoredColumns,
} from "./list-columns";

/** The chosen columns, kept in this browser; the defaults until it has been read (no flash of a mismatch on hydration). */
export function useListColumns(): [ListColumn[], (columns: ListColumn[]) => void] {
  const [columns, setColumns] = useState<ListColumn[]>([...DEFAULT_COLUMNS]);
  useEffect(() => {
    const stored = readStoredColumns(localStorage.getItem(COLUMNS_STORAGE_KEY));
    // The defaults kept as they are: no second render of the list right after hydration.
    setColumns((prev) => (stored.join() === prev.join() ? prev : stored));
  }, []);
  return [
    columns,
    (next) => {
      setColumns(next);
      localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(next));
    },
  ];
}

export function ColumnChooser(props: { columns: ListColumn[]; onChange: (columns: ListColumn[]) => void }) {
  return (
    <details className="relative">
      <summary className="btn-secondary cursor-pointer list-none">Columns</summary>
      <fieldset className="card absolute right-0 z-10 mt-1 w-48 space-y-1">
        <legend className="sr-only">Columns shown</legend>
        {LIST_COLUMNS.map((c) => (
          <label key={c.key} className="flex min-h-6 items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="h-4 w-4"
              checked={props.columns.includes(c.key)}
              onChange={(e) =>
                props.onChange(
                  LIST_COLUMNS.map((x) => x.key).filter((k) =>
                    k === c.key ? e.target.checked : props.columns.includes(k),
                  ),
                )
              }
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
