import type { ImportProgress } from "./run-import";

const number = new Intl.NumberFormat("en");

/** Rows per second since the start, once there is something to measure. */
export function rowsPerSecond(done: number, startedAt: number): number | undefined {
  const seconds = (performance.now() - startedAt) / 1000;
  return done > 0 && seconds > 0 ? Math.round(done / seconds) : undefined;
}

/** Rows done of the file's total, and the rate; a native <progress>, labelled, for assistive tech. */
export function ImportProgressBar({ progress, startedAt }: { progress: ImportProgress; startedAt: number }) {
  const { done, total } = progress;
  const rate = rowsPerSecond(done, startedAt);
  const text = `${number.format(done)} of ${number.format(total)} rows`;
  return (
    <div className="space-y-1">
      <label htmlFor="import-progress" className="label">
        Importing
      </label>
      <progress
        id="import-progress"
        className="h-3 w-full accent-brand-600"
        max={Math.max(total, 1)}
        value={done}
        aria-valuetext={text}
      />
      <p className="text-sm text-slate-700" data-testid="import-progress-text">
        {text}
        {rate !== undefined && ` · ${number.format(rate)} rows/s`}
      </p>
    </div>
  );
}
