"use client";

import type { SpreadsheetColumn } from "@contacts/contracts";
import { mapHeader } from "@contacts/contracts/spreadsheet/spreadsheet-columns";
import { emptyClearsByDefault } from "@contacts/contracts/spreadsheet/spreadsheet-row";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ReadOnlyNote, useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorData } from "@/lib/trpc-error";
import type { ImportMode, ImportSettings } from "./check-row";
import { ColumnMapping } from "./column-mapping";
import { ImportProgressBar } from "./import-progress-bar";
import type { Spreadsheet } from "./read-spreadsheet";
import type { ImportProgress, ImportResult } from "./run-import";

// What a file needs loads when one is chosen, not with the page: papaparse, and the row checks
// with the contract's schemas (zod, libphonenumber-js: ~60 kB gzip). exceljs only for .xlsx.
const loadReader = () => import("./read-spreadsheet");
type Reader = Awaited<ReturnType<typeof loadReader>>;
const loadRunner = () => import("./run-import");
// The summary (and papaparse, for its download of the rejected rows) loads while a run goes.
const loadSummary = () => import("./import-summary");
const ImportSummary = dynamic(() => loadSummary().then((m) => m.ImportSummary), { ssr: false });
const ImportPreview = dynamic(() => import("./import-preview").then((m) => m.ImportPreview), {
  ssr: false,
  loading: () => <p className="card text-sm text-slate-600">Checking the first rows…</p>,
});

const PREVIEW_ROWS = 20;

/**
 * The summary appears when a run is done, once its code has loaded: its heading takes the
 * focus as it mounts (a stable callback, so re-renders do not take it again).
 */
const focusSummary = (heading: HTMLHeadingElement | null) => {
  heading?.focus();
};

type Run =
  | { phase: "idle" }
  | { phase: "checking" }
  | { phase: "running"; progress: ImportProgress; startedAt: number; cancelling: boolean }
  | { phase: "done"; result: ImportResult; seconds: number };

/** An export (id column) updates; a file with external ids upserts; anything else creates. */
function modeFor(columns: readonly (SpreadsheetColumn | undefined)[]): ImportMode {
  if (columns.includes("id")) return "update";
  if (columns.includes("externalId")) return "upsert";
  return "create";
}

/**
 * /contacts/import: a CSV or XLSX file read in the browser (never uploaded), its columns
 * mapped to fields, its first rows checked, then sent 500 rows at a time to contact.bulkUpsert.
 */
export function ImportPage() {
  const canWrite = useCan("contacts:write");
  return (
    <div className="space-y-4">
      <Link href="/contacts" className="text-sm text-brand-700 underline">
        ← Contacts
      </Link>
      <h1 className="text-2xl font-semibold">Import contacts</h1>
      {canWrite ? <Importer /> : <ReadOnlyNote className="card" />}
    </div>
  );
}

function Importer() {
  const utils = trpc.useUtils();
  const [sheet, setSheet] = useState<Spreadsheet | null>(null);
  const [preview, setPreview] = useState<string[][]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [columns, setColumns] = useState<(SpreadsheetColumn | undefined)[]>([]);
  const [mode, setMode] = useState<ImportMode>("create");
  const [namespace, setNamespace] = useState("");
  const [emptyClears, setEmptyClears] = useState(false);
  const [run, setRun] = useState<Run>({ phase: "idle" });
  const cancelled = useRef(false);

  const settings: ImportSettings = { columns, mode, namespace, emptyClears };
  const busy = run.phase === "checking" || run.phase === "running";

  // Leaving the page would stop the import midway: the browser asks first.
  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  async function onFile(file: File | undefined) {
    setSheet(null);
    setPreview([]);
    setFileError(null);
    setRun({ phase: "idle" });
    if (!file) return;
    setReading(true);
    let reader: Reader | undefined;
    try {
      reader = await loadReader();
      // The checks of a run load while the user looks at the preview.
      void loadRunner();
      const opened = await reader.openSpreadsheet(file);
      let first: string[][] = [];
      for await (const rows of opened.rows(PREVIEW_ROWS)) {
        first = rows;
        break;
      }
      const mapped = mapHeader(opened.header);
      setColumns(mapped.columns);
      setMode(modeFor(mapped.columns));
      setNamespace(mapped.namespace ?? "");
      setEmptyClears(emptyClearsByDefault(mapped.columns));
      setPreview(first);
      setSheet(opened);
    } catch (err) {
      setFileError(
        reader && err instanceof reader.SpreadsheetError ? err.message : "Could not read the file",
      );
    } finally {
      setReading(false);
    }
  }

  async function start() {
    if (!sheet) return;
    cancelled.current = false;
    setRun({ phase: "checking" });
    const frozen = { ...settings };
    const [reader, { lastRowOfKeys, runImport }] = await Promise.all([loadReader(), loadRunner()]);
    void loadSummary();
    let keys: Awaited<ReturnType<typeof lastRowOfKeys>>;
    try {
      keys = await lastRowOfKeys(sheet, frozen);
    } catch (err) {
      setFileError(err instanceof reader.SpreadsheetError ? err.message : "Could not read the file");
      setRun({ phase: "idle" });
      return;
    }
    const { lastOf, total } = keys;
    const startedAt = performance.now();
    const progress: ImportProgress = {
      done: 0,
      total,
      counts: { created: 0, updated: 0, unchanged: 0, collapsed: 0, rejected: 0 },
    };
    setRun({ phase: "running", progress, startedAt, cancelling: false });
    const result = await runImport({
      sheet,
      settings: frozen,
      lastOf,
      total,
      api: {
        ensureCompanies: (names) => utils.client.company.ensure.mutate({ names }),
        bulkUpsert: (items) => utils.client.contact.bulkUpsert.mutate({ items }),
      },
      cancelled: () => cancelled.current,
      // A rate limit refuses the call before it runs: wait and send it again, up to about a
      // minute (the limits' window). Anything else stops the import, as the summary says.
      retryDelay: (err, attempt) =>
        errorData(err).httpStatus === 429 && attempt <= 6 ? Math.min(1000 * 2 ** attempt, 20_000) : undefined,
      onProgress: (p) => setRun((r) => (r.phase === "running" ? { ...r, progress: p } : r)),
    });
    setRun({ phase: "done", result, seconds: (performance.now() - startedAt) / 1000 });
    void utils.contact.invalidate();
    void utils.company.invalidate();
  }

  return (
    <>
      <div className="card space-y-2">
        <label htmlFor="import-file" className="label">
          Spreadsheet file (CSV or Excel .xlsx)
        </label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium"
          disabled={busy}
          aria-describedby="import-file-hint import-file-error"
          aria-invalid={fileError ? true : undefined}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <p id="import-file-hint" className="text-sm text-slate-700">
          The file is read in this browser and never uploaded: its rows are sent 500 at a time. A file
          exported from the contacts list comes back as an edit of the same contacts.
        </p>
        <p id="import-file-error" role="alert" className="text-sm text-red-700">
          {fileError}
        </p>
        {reading && <p className="text-sm text-slate-700">Reading the file…</p>}
      </div>

      {sheet && (
        <>
          <ColumnMapping header={sheet.header} columns={columns} onChange={setColumns} />

          <fieldset className="card space-y-3" disabled={busy}>
            <legend className="text-lg font-semibold">What the rows do</legend>
            <ModeChoice
              value="create"
              mode={mode}
              onChange={setMode}
              label="Create a new contact for each row"
            />
            <ModeChoice
              value="update"
              mode={mode}
              onChange={setMode}
              label="Update contacts by their id (a file exported from here)"
              hint={
                columns.includes("id")
                  ? "A row whose version differs from the contact's is reported, not applied."
                  : "Map a column to Contact id first."
              }
            />
            <ModeChoice
              value="upsert"
              mode={mode}
              onChange={setMode}
              label="Update or create by an external id"
              hint={
                columns.includes("externalId")
                  ? "The contact holding the row's external id in this namespace is updated; if none does, one is created."
                  : "Map a column to External id first."
              }
            />
            {mode === "upsert" && (
              <div className="ml-6 max-w-xs">
                <label htmlFor="import-namespace" className="label">
                  Namespace of the external ids
                </label>
                <input
                  id="import-namespace"
                  className="input"
                  placeholder="e.g. hubspot"
                  value={namespace}
                  onChange={(e) => setNamespace(e.target.value)}
                />
              </div>
            )}
            <div className="border-t border-slate-200 pt-3">
              <div className="flex items-start gap-2">
                <input
                  id="import-empty-clears"
                  type="checkbox"
                  className="mt-1"
                  checked={mode !== "create" && emptyClears}
                  disabled={mode === "create"}
                  aria-describedby="import-empty-clears-hint"
                  onChange={(e) => setEmptyClears(e.target.checked)}
                />
                <label htmlFor="import-empty-clears" className="text-sm font-medium">
                  Empty cells clear their field
                </label>
              </div>
              <p id="import-empty-clears-hint" className="mt-1 ml-6 text-sm text-slate-700">
                {mode === "create"
                  ? "New contacts start empty, so empty cells simply stay empty."
                  : "Checked, an empty cell removes what the contact has in that field (right for an edited export, the default when the file has id and version columns); unchecked, an empty cell leaves the field as it is."}
              </p>
            </div>
          </fieldset>

          <ImportPreview rows={preview} settings={settings} />

          {run.phase !== "done" && (
            <div className="card space-y-3">
              <div className="flex flex-wrap items-center gap-3">
                <button type="button" className="btn-primary" disabled={busy} onClick={() => void start()}>
                  Import
                </button>
                {run.phase === "running" && (
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={run.cancelling}
                    onClick={() => {
                      cancelled.current = true;
                      setRun((r) => (r.phase === "running" ? { ...r, cancelling: true } : r));
                    }}
                  >
                    {run.cancelling ? "Cancelling…" : "Cancel"}
                  </button>
                )}
              </div>
              {run.phase === "checking" && <p className="text-sm text-slate-700">Checking the file…</p>}
              {run.phase === "running" && (
                <ImportProgressBar progress={run.progress} startedAt={run.startedAt} />
              )}
            </div>
          )}

          {run.phase === "done" && (
            <ImportSummary
              ref={focusSummary}
              header={sheet.header}
              fileName={sheet.name}
              result={run.result}
              seconds={run.seconds}
              onAgain={() => setRun({ phase: "idle" })}
            />
          )}
        </>
      )}
    </>
  );
}

function ModeChoice({
  value,
  mode,
  onChange,
  label,
  hint,
}: {
  value: ImportMode;
  mode: ImportMode;
  onChange: (mode: ImportMode) => void;
  label: string;
  hint?: string;
}) {
  const id = `import-mode-${value}`;
  return (
    <div>
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="radio"
          name="import-mode"
          className="mt-1"
          checked={mode === value}
          onChange={() => onChange(value)}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="ml-6 text-sm text-slate-700">
          {hint}
        </p>
      )}
    </div>
  );
}
