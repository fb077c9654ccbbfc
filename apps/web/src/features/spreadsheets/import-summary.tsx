import Link from "next/link";
import type { Ref } from "react";
import { downloadText, rejectedRowsCsv } from "./rejected-rows-csv";
import type { ImportCounts, ImportResult } from "./run-import";

const number = new Intl.NumberFormat("en");
/** Collapsed rows listed one by one, up to this many. */
const COLLAPSED_SHOWN = 50;

const COUNTS: { key: keyof ImportCounts; label: string }[] = [
  { key: "created", label: "Created" },
  { key: "updated", label: "Updated" },
  { key: "unchanged", label: "Unchanged" },
  { key: "collapsed", label: "Collapsed" },
  { key: "rejected", label: "Rejected" },
];

const fileStem = (name: string) => name.replace(/\.[^.]+$/, "");

/** The end of an import: what happened to the rows, and the rejected ones to download. */
export function ImportSummary({
  ref,
  header,
  fileName,
  result,
  seconds,
  onAgain,
}: {
  ref: Ref<HTMLHeadingElement>;
  header: readonly string[];
  fileName: string;
  result: ImportResult;
  seconds: number;
  onAgain: () => void;
}) {
  const title = result.failure ? "Import stopped" : result.cancelled ? "Import cancelled" : "Import finished";
  const rate = seconds > 0 ? Math.round(result.done / seconds) : result.done;
  return (
    <section aria-labelledby="import-summary-heading" className="card space-y-4">
      <h2 id="import-summary-heading" ref={ref} tabIndex={-1} className="text-lg font-semibold">
        {title}
      </h2>
      {result.failure && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {result.failure}. Rows before that were imported; import the file again to finish it (rows already
          imported come back unchanged when they update by id or external id).
        </p>
      )}
      <p className="text-sm text-slate-700">
        {number.format(result.done)} of {number.format(result.total)} rows in {seconds.toFixed(1)} s (
        {number.format(rate)} rows/s).
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {COUNTS.map(({ key, label }) => (
          <div key={key} className="rounded-md border border-slate-200 p-3">
            <dt className="text-sm text-slate-700">{label}</dt>
            <dd className="text-2xl font-semibold" data-testid={`count-${key}`}>
              {number.format(result.counts[key])}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-700">
        Unchanged rows held what the contact already had: nothing was written for them. Collapsed rows were
        replaced by a later row for the same contact. Rejected rows were not imported.
      </p>
      {result.collapsed.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm font-medium">
            Rows that named a contact again ({number.format(result.collapsed.length)}): the last row of each
            was imported
          </summary>
          <ul className="mt-2 list-disc pl-6 text-sm text-slate-700">
            {result.collapsed.slice(0, COLLAPSED_SHOWN).map((c) => (
              <li key={c.row}>
                Row {c.row}: replaced by row {c.by}
              </li>
            ))}
            {result.collapsed.length > COLLAPSED_SHOWN && (
              <li>and {number.format(result.collapsed.length - COLLAPSED_SHOWN)} more</li>
            )}
          </ul>
        </details>
      )}
      <div className="flex flex-wrap gap-3">
        {result.rejected.length > 0 && (
          <button
            type="button"
            className="btn-primary"
            onClick={() =>
              downloadText(`${fileStem(fileName)}-rejected.csv`, rejectedRowsCsv(header, result.rejected))
            }
          >
            Download rejected rows
          </button>
        )}
        <Link href="/contacts" className="btn-secondary">
          See the contacts
        </Link>
        <button type="button" className="btn-secondary" onClick={onAgain}>
          Import again
        </button>
      </div>
    </section>
  );
}
