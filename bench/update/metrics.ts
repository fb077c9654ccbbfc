/**
 * What the server itself says about a cell: `/metrics` scraped before and after it, and the
 * request count and p50/p99 taken from the histogram's deltas, printed beside autocannon's
 * figures so the report and the metrics agree (docs/metrics.md).
 */
import { fmt } from "./stats";

/** The project server runs with this token, so its /metrics answers on the app port. */
export const BENCH_METRICS_TOKEN = "bench-metrics-token-bench-metrics-token-0000";

/** Histogram series per `le`, summed over every API procedure and status (not `next`). */
export interface MetricsSnapshot {
  buckets: Map<number, number>;
  count: number;
}

export interface ServerSideFigures {
  /** Requests the server counted in the cell. */
  requests: number;
  p50: number;
  p99: number;
}

const BUCKET = /^http_request_duration_seconds_bucket\{(.*)\} (\S+)$/;
const COUNT = /^http_request_duration_seconds_count\{(.*)\} (\S+)$/;

export async function scrapeMetrics(appUrl: string): Promise<MetricsSnapshot> {
  const res = await fetch(`${appUrl}/metrics`, {
    headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
  });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  const snapshot: MetricsSnapshot = { buckets: new Map(), count: 0 };
  for (const line of (await res.text()).split("\n")) {
    const bucket = BUCKET.exec(line);
    if (bucket && !bucket[1]?.includes('transport="next"')) {
      const le = /le="([^"]+)"/.exec(bucket[1] as string)?.[1] as string;
      const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
      snapshot.buckets.set(bound, (snapshot.buckets.get(bound) ?? 0) + Number(bucket[2]));
      continue;
    }
    const count = COUNT.exec(line);
    if (count && !count[1]?.includes('transport="next"')) snapshot.count += Number(count[2]);
  }
  return snapshot;
}

/**
 * A quantile of the requests between two scrapes, in milliseconds, as Prometheus's
 * histogram_quantile computes it: linear within the bucket that holds the rank.
 */
function quantile(before: MetricsSnapshot, after: MetricsSnapshot, q: number): number {
  const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
  const cumulative = bounds.map((b) => (after.buckets.get(b) ?? 0) - (before.buckets.get(b) ?? 0));
  const total = cumulative.at(-1) ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [i, bound] of bounds.entries()) {
    const upTo = cumulative[i] as number;
    if (upTo >= rank) {
      // Above the last finite bound Prometheus answers that bound.
      if (!Number.isFinite(bound)) return lower * 1000;
      const inBucket = upTo - below;
      return (lower + (bound - lower) * (inBucket > 0 ? (rank - below) / inBucket : 1)) * 1000;
    }
    lower = bound;
    below = upTo;
  }
  return Number.NaN;
}

export function serverSide(before: MetricsSnapshot, after: MetricsSnapshot): ServerSideFigures {
  return {
    requests: after.count - before.count,
    p50: quantile(before, after, 0.5),
    p99: quantile(before, after, 0.99),
  };
}

/** The log line's addition: the server's count and quantiles beside autocannon's. */
export const describeServerSide = (s: ServerSideFigures | undefined) =>
  s ? `  server: ${s.requests} req  p50 ${fmt(s.p50, 2)}  p99 ${fmt(s.p99, 2)} ms` : "";

/**
 * The report's table: per project cell, the requests autocannon sent and the server counted
 * (they differ by requests still in flight at either scrape), and both sides' p50 and p99.
 */
export function serverSideTable(
  rows: {
    cell: string;
    client: { count: number; errors: number; p50: number; p99: number };
    server: ServerSideFigures;
  }[],
): string[] {
  if (!rows.length) return [];
  return [
    "",
    "Server side (from /metrics, histogram deltas per cell; quantiles interpolated within buckets):",
    "",
    "| cell | requests (autocannon) | requests (server) | p50 ms client / server | p99 ms client / server |",
    "| --- | --: | --: | --: | --: |",
    ...rows.map(
      ({ cell, client, server }) =>
        `| ${cell} | ${client.count + client.errors} | ${server.requests} | ${fmt(client.p50, 2)} / ${fmt(server.p50, 2)} | ` +
        `${fmt(client.p99, 2)} / ${fmt(server.p99, 2)} |`,
    ),
  ];
}
