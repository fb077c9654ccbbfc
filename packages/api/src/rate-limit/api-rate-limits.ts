import type { Executor } from "@contacts/db";
import { RateLimiterRes } from "rate-limiter-flexible";
import type { Actor } from "../actor";
import { apiEnv } from "../env";
import { addressBucket } from "./client-address";
import { PostgresRateLimiter } from "./postgres-rate-limiter";
import { type QuotaState, rateLimitHeaders } from "./rate-limit-headers";

/** Calls per minute; 0 turns that limit off. */
export interface ApiRateLimitConfig {
  readsPerMinute: number;
  writesPerMinute: number;
  ipPerMinute: number;
  /** The window the counts are per; default 60 s (tests shorten it to see one end). */
  windowSeconds?: number;
}

export function apiRateLimitConfigFromEnv(): ApiRateLimitConfig | "off" {
  if (apiEnv.RATE_LIMITS === "off") return "off";
  return {
    readsPerMinute: apiEnv.RATE_LIMIT_READS_PER_MINUTE,
    writesPerMinute: apiEnv.RATE_LIMIT_WRITES_PER_MINUTE,
    ipPerMinute: apiEnv.RATE_LIMIT_IP_PER_MINUTE,
  };
}

/** What is counted: queries (GET) and mutations (POST) apart; `calls` is the batch's size. */
export interface RateLimitedRequest {
  actor: Actor | null;
  clientAddress: string;
  kind: "read" | "write";
  calls: number;
}

export type RateLimitVerdict =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; headers: Record<string, string>; message: string };

export interface ApiRateLimiter {
  /** Counts a request against its quotas: allowed or not, and the headers to answer with. */
  spend(db: Executor, request: RateLimitedRequest): Promise<RateLimitVerdict>;
}

interface Quota {
  policy: "reads" | "writes" | "ip";
  limiter: PostgresRateLimiter;
  key: string;
  /** For the 429's message: "per API key". */
  per: string;
}

const ALWAYS_ALLOWED: ApiRateLimiter = { spend: async () => ({ allowed: true, headers: {} }) };

/**
 * Rate limits of /api/trpc: per caller (API key or signed-in user), reads and writes apart,
 * and per client address whoever calls; one counting statement per request, shared by every
 * instance on the database. A batch of N calls costs N (contact.batchUpdate is one call: its
 * own size is bounded by its input).
 */
export function createApiRateLimiter(config: ApiRateLimitConfig | "off"): ApiRateLimiter {
  if (config === "off") return ALWAYS_ALLOWED;
  const windowSeconds = config.windowSeconds ?? 60;
  const limiter = (keyPrefix: string, points: number) =>
    points > 0 ? new PostgresRateLimiter({ keyPrefix, points, windowSeconds }) : null;
  const reads = limiter("api-reads", config.readsPerMinute);
  const writes = limiter("api-writes", config.writesPerMinute);
  const ip = limiter("api-ip", config.ipPerMinute);

  const quotasOf = (r: RateLimitedRequest): Quota[] => {
    const quotas: Quota[] = [];
    const perActor = r.kind === "read" ? reads : writes;
    if (perActor && r.actor) {
      quotas.push({
        policy: r.kind === "read" ? "reads" : "writes",
        limiter: perActor,
        key: `${r.actor.type}:${r.actor.id}`,
        per: r.actor.type === "api_key" ? "per API key" : "per user",
      });
    }
    if (ip)
      quotas.push({
        policy: "ip",
        limiter: ip,
        key: addressBucket(r.clientAddress),
        per: "per client address",
      });
    return quotas;
  };

  return {
    async spend(db, request) {
      const quotas = quotasOf(request);
      if (quotas.length === 0) return { allowed: true, headers: {} };
      const described = (q: Quota): QuotaState => ({
        policy: q.policy,
        quota: q.limiter.points,
        windowSeconds,
      });

      // Already refused in this process until its window ends: no statement at all.
      const blocked = quotas
        .map((q) => ({ q, ms: q.limiter.blockedInMemoryMs(q.key) }))
        .filter((b) => b.ms > 0);
      if (blocked.length) {
        const states = quotas.map((q) => {
          const ms = blocked.find((b) => b.q === q)?.ms;
          return ms === undefined ? described(q) : { ...described(q), remaining: 0, msLeft: ms };
        });
        const wait = Math.max(...blocked.map((b) => b.ms));
        return refused(
          blocked.map((b) => b.q),
          states,
          wait,
          windowSeconds,
        );
      }

      const options = { db };
      const results = await Promise.all(
        quotas.map((q) =>
          q.limiter.consume(q.key, request.calls, options).then(
            (res) => ({ q, res, over: false }),
            (err: unknown) => {
              if (err instanceof RateLimiterRes) return { q, res: err, over: true };
              throw err;
            },
          ),
        ),
      );
      const states = results.map(({ q, res }) => ({
        ...described(q),
        remaining: res.remainingPoints,
        msLeft: res.msBeforeNext,
      }));
      const over = results.filter((r) => r.over);
      if (over.length === 0) return { allowed: true, headers: rateLimitHeaders(states) };
      return refused(
        over.map((r) => r.q),
        states,
        Math.max(...over.map((r) => r.res.msBeforeNext)),
        windowSeconds,
      );
    },
  };
}

function refused(
  quotas: Quota[],
  states: QuotaState[],
  retryAfterMs: number,
  windowSeconds: number,
): RateLimitVerdict {
  const window = windowSeconds === 60 ? "minute" : `${windowSeconds} s`;
  const which = quotas
    .map((q) => `${q.limiter.points} ${callsOf(q.policy)} per ${window} ${q.per}`)
    .join(" and ");
  const headers = rateLimitHeaders(states, retryAfterMs);
  return {
    allowed: false,
    headers,
    message: `Rate limit exceeded: at most ${which}; retry after ${headers["retry-after"]} s`,
  };
}

const callsOf = (policy: Quota["policy"]) =>
  policy === "reads" ? "queries" : policy === "writes" ? "mutations" : "calls";

/** The limits this process runs with (from the environment), built on first use. */
let fromEnv: ApiRateLimiter | undefined;
export function defaultApiRateLimiter(): ApiRateLimiter {
  fromEnv ??= createApiRateLimiter(apiRateLimitConfigFromEnv());
  return fromEnv;
}
