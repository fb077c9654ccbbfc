import { randomUUID } from "node:crypto";
import type { AppRouter } from "@contacts/api";
import { BATCH_CALLS_MAX } from "@contacts/contracts";
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  type Operation,
  retryLink,
  splitLink,
  type TRPCClient,
  type TRPCClientError,
  type TRPCLink,
} from "@trpc/client";
import { EventSource } from "eventsource";
import { parseRetryAfter } from "./retry-after";

export interface ContactsClientOptions {
  /** The app's base URL (`http://localhost:3000`) or its tRPC endpoint (`…/api/trpc`). */
  url: string;
  /** An API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Per HTTP attempt; a timed-out attempt counts as a network error. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt (network errors, 429, 502–504). Default 3. */
  retries?: number;
  /** First backoff delay; doubled each retry, with jitter, at most 10 s. Default 200 ms. */
  retryBaseDelayMs?: number;
  /**
   * The longest `Retry-After` (on a 429 or 503) the client waits out before retrying; a longer
   * one fails the call at once, with the server's answer. Default 60 s (the API's window).
   */
  maxRetryAfterMs?: number;
  /** Calls per batched HTTP request. Default and most: the server's BATCH_CALLS_MAX (20). */
  maxBatchSize?: number;
  /**
   * Give every mutation an Idempotency-Key of its own (a random UUID kept across its
   * retries), so mutations are retried too. Keyed mutations are sent one per request.
   * Default false: mutations without a key are batched and never retried.
   */
  autoIdempotencyKeys?: boolean;
  /** Names the script in history: sent as `X-Contacts-Script`, e.g. "contacts import". */
  scriptName?: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
}

/**
 * Per-call options, passed as `{ context: { … } }` as the second argument of `.query()` /
 * `.mutate()`: `idempotencyKey` sends that `Idempotency-Key` (and makes the mutation safe
 * to retry); `retrySafe` says the mutation is idempotent by nature (an upsert), so it may
 * be retried and stay batched.
 */
export interface ContactsCallContext extends Record<string, unknown> {
  idempotencyKey?: string;
  retrySafe?: boolean;
}

export type ContactsClient = TRPCClient<AppRouter>;

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_DELAY_MS = 10_000;

const endpointOf = (url: string) => {
  const u = new URL(url);
  if (!u.pathname.replace(/\/+$/, "").endsWith("/api/trpc")) {
    u.pathname = `${u.pathname.replace(/\/+$/, "")}/api/trpc`;
  }
  return u.toString().replace(/\/+$/, "");
};

const keyOf = (op: Operation) => (op.context as ContactsCallContext).idempotencyKey;

/** The HTTP status of a failed attempt, when there was a response at all. */
function statusOf(error: TRPCClientError<AppRouter>): number | undefined {
  const meta = error.meta as { response?: { status?: number } } | undefined;
  return error.data?.httpStatus ?? meta?.response?.status;
}

/** Whether an attempt may be repeated: only when repeating cannot do a write twice. */
export function shouldRetry(op: Operation, error: TRPCClientError<AppRouter>): boolean {
  if (op.type === "subscription") return false;
  if (op.type === "mutation") {
    const ctx = op.context as ContactsCallContext;
    if (!ctx.idempotencyKey && !ctx.retrySafe) return false;
  }
  const status = statusOf(error);
  // No status: the request never got an answer (refused, reset, DNS, timeout).
  if (status === undefined) return !isAbortByCaller(error);
  return RETRY_STATUSES.has(status);
}

/** The wait the server asked for with `Retry-After`, if it answered at all and did. */
export function retryAfterOf(error: TRPCClientError<AppRouter>): number | undefined {
  const meta = error.meta as { response?: { headers?: { get(name: string): string | null } } } | undefined;
  return parseRetryAfter(meta?.response?.headers?.get("retry-after"));
}

function isAbortByCaller(error: TRPCClientError<AppRouter>): boolean {
  const cause = error.cause as { name?: string } | undefined;
  return cause?.name === "AbortError";
}

/** Gives each mutation a key of its own, before the retry link, so every retry sends it. */
const autoKeyLink: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) =>
    next(
      op.type === "mutation" && !keyOf(op)
        ? { ...op, context: { ...op.context, idempotencyKey: randomUUID() } }
        : op,
    );

/** fetch with a per-attempt timeout that also honours the caller's own abort signal. */
function fetchWithTimeout(base: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

/**
 * A typed client of the contacts API for servers and scripts:
 * `await client.contact.update.mutate({ id, data: { phone: "+46…" } })`.
 * Queries (and keyed or retry-safe mutations) are retried with exponential backoff on
 * network errors, timeouts, 429 and 502–504, after the server's `Retry-After` when it sends
 * one (up to `maxRetryAfterMs`); errors are `TRPCClientError`s whose `data`
 * keeps the tRPC `code`, `httpStatus`, `issues` and `details`.
 */
export function createContactsClient(options: ContactsClientOptions): ContactsClient {
  const url = endpointOf(options.url);
  const retries = options.retries ?? 3;
  const baseDelay = options.retryBaseDelayMs ?? 200;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  // retryLink asks `retry` and then, at once, `retryDelayMs` about the same failed attempt,
  // and only the first sees the error: the server's Retry-After is carried from one to the other.
  let serverDelay: number | undefined;
  const fetchImpl = fetchWithTimeout(options.fetch ?? fetch, options.timeoutMs ?? 30_000);
  const baseHeaders: Record<string, string> = {
    authorization: `Bearer ${options.apiKey}`,
    ...(options.scriptName ? { "x-contacts-script": options.scriptName } : {}),
  };

  // Subscriptions (contact.watch) are server-sent events: a stream that lives for minutes, so
  // no per-attempt timeout, and httpSubscriptionLink reconnects by itself from the last event.
  const baseFetch = options.fetch ?? fetch;
  const subscriptions = httpSubscriptionLink({
    url,
    EventSource,
    eventSourceOptions: () => ({
      fetch: (input, init) => baseFetch(input, { ...init, headers: { ...init?.headers, ...baseHeaders } }),
    }),
  });
  const links: TRPCLink<AppRouter>[] = [
    ...(options.autoIdempotencyKeys ? [autoKeyLink] : []),
    retryLink({
      retry: ({ op, error, attempts }) => {
        serverDelay = retryAfterOf(error);
        // Retrying before the server's time is up only earns another refusal.
        if (serverDelay !== undefined && serverDelay > maxRetryAfter) return false;
        return attempts <= retries && shouldRetry(op, error);
      },
      retryDelayMs: (attempt) => {
        const asked = serverDelay;
        serverDelay = undefined;
        // As told, plus a little jitter so clients refused together do not return together.
        if (asked !== undefined) return asked + Math.random() * Math.min(asked * 0.1, 1_000);
        const delay = Math.min(baseDelay * 2 ** (attempt - 1), MAX_DELAY_MS);
        return delay / 2 + Math.random() * (delay / 2);
      },
    }),
    splitLink({
      // A key belongs to one call, so keyed calls travel alone.
      condition: (op) => keyOf(op) !== undefined,
      true: httpLink({
        url,
        fetch: fetchImpl,
        headers: ({ op }) => ({ ...baseHeaders, "idempotency-key": keyOf(op) ?? "" }),
      }),
      false: httpBatchLink({
        url,
        fetch: fetchImpl,
        maxItems: Math.min(options.maxBatchSize ?? BATCH_CALLS_MAX, BATCH_CALLS_MAX),
        maxURLLength: 8_000,
        headers: () => baseHeaders,
      }),
    }),
  ];
  return createTRPCClient<AppRouter>({
    links: [splitLink({ condition: (op) => op.type === "subscription", true: subscriptions, false: links })],
  });
}
