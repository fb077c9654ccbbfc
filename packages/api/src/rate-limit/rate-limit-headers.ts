/** One quota as the IETF draft's headers describe it (draft-ietf-httpapi-ratelimit-headers-11). */
export interface QuotaState {
  /** The policy's name, e.g. "writes". */
  policy: string;
  /** Quota units (calls) per window. */
  quota: number;
  windowSeconds: number;
  /** Units left in the current window, when known. */
  remaining?: number;
  /** Milliseconds until the current window ends, when known. */
  msLeft?: number;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * `RateLimit-Policy` lists every quota the request was counted against
 * (`"writes";q=600;w=60, "ip";q=3000;w=60`), `RateLimit` the state of those whose state is
 * known (`"writes";r=598;t=41`), both Structured Field lists. With `retryAfterMs`, also
 * `Retry-After` in seconds, never 0, which the draft asks to agree with `t`.
 */
export function rateLimitHeaders(quotas: QuotaState[], retryAfterMs?: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (quotas.length === 0) return headers;
  headers["ratelimit-policy"] = quotas
    .map((q) => `"${q.policy}";q=${q.quota};w=${q.windowSeconds}`)
    .join(", ");
  const known = quotas.filter((q) => q.remaining !== undefined && q.msLeft !== undefined);
  if (known.length) {
    headers.ratelimit = known
      .map((q) => `"${q.policy}";r=${Math.max(0, q.remaining ?? 0)};t=${seconds(q.msLeft ?? 0)}`)
      .join(", ");
  }
  if (retryAfterMs !== undefined) headers["retry-after"] = String(Math.max(1, seconds(retryAfterMs)));
  return headers;
}
