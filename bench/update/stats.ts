/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(xs: number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

export interface CellResult {
  /** Completed requests (or transactions) per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Responses that were not 2xx, plus socket errors and timeouts. */
  errors: number;
  count: number;
}

export function summarize(latenciesMs: number[], seconds: number, errors: number): CellResult {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    rps: latenciesMs.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors,
    count: latenciesMs.length,
  };
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";
