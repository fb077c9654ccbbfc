import { processMetrics, type RequestTransport } from "./metrics-registry";

/** The label of a request whose procedure or route is not one of ours: bounded cardinality. */
export const UNKNOWN_PROCEDURE = "unknown";

/**
 * Counts one answered request once per procedure it called (a tRPC batch of three counts
 * three, each with the batch's status and duration). `procedures` must be known names or
 * route templates, never a raw path: each distinct value is a new time series.
 */
export function recordRequest(
  transport: RequestTransport,
  procedures: readonly string[],
  status: number,
  seconds: number,
): void {
  const { requests } = processMetrics();
  for (const procedure of procedures) {
    requests.observe(
      `${transport} ${procedure} ${status}`,
      () => ({ procedure, transport, status: String(status) }),
      seconds,
    );
  }
}

/** Next.js answers pages, assets and a few routes of its own: a label per family, not per path. */
export function nextRequestLabel(pathname: string): string {
  if (pathname.startsWith("/_next/")) return "next:asset";
  if (pathname.startsWith("/api/auth/")) return "next:auth";
  if (pathname.startsWith("/api/")) return "next:api";
  return "next:page";
}
