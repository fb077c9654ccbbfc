import type { ErrorReason } from "@contacts/contracts";
import type { Database } from "@contacts/db";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { Actor } from "../actor";
import { DatabaseUnavailableError, databaseDomainError } from "../database-errors";
import { logger } from "../logger";
import { recordRequest, UNKNOWN_PROCEDURE } from "../metrics/record-request";
import { type ApiRateLimiter, defaultApiRateLimiter } from "../rate-limit/api-rate-limits";
import { authenticateApiKey } from "../services/api-keys/api-keys";
import type { Answer } from "./answer";
import { DATABASE_RETRY_AFTER_SECONDS } from "./database-error-response";
import { withIdempotency } from "./idempotency";
import { MAX_BODY_BYTES } from "./read-body-with-limit";
import { withScriptName } from "./script-actor";

/** What every way into the API shares: where the data is, who may call, how calls are counted. */
export interface ApiHttpOptions {
  getDb: () => Promise<Database>;
  /** Another way in beside API keys, e.g. the web app's session cookie. */
  authenticateSession?: (headers: Headers, db: Database) => Promise<Actor | null>;
  /**
   * Who sent the request, for the per-address rate limit: the socket's peer or what trusted
   * proxies report (the node servers find it themselves). Default "local": one client.
   */
  clientAddress?: string;
  /** Default: the limits of the environment (RATE_LIMIT_* variables). */
  rateLimiter?: ApiRateLimiter;
}

/** A request as the pipeline sees it before its body is read. */
export interface IncomingApiRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Headers;
  /** Aborted when the client goes away: ends a subscription's stream (contact.watch). */
  signal?: AbortSignal;
}

/** An error in the transport's own format (tRPC's error body, or RFC 9457 problem+json). */
export type RefuseWith = (
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  reason?: ErrorReason,
  headers?: Record<string, string>,
) => Response;

/** What the URL asks for, learnt before anything else is looked at. */
export type RoutedCall =
  | {
      ok: true;
      /** The procedure(s) or route, for the log and for what an Idempotency-Key is bound to. */
      name: string;
      /**
       * The metric label of each call: a known procedure or a route template, never the
       * caller's text (UNKNOWN_PROCEDURE for anything else). Default: one unknown call.
       */
      procedures?: readonly string[];
      /** How many calls the rate limit counts. */
      calls: number;
      kind: "read" | "write";
      /** Whether a body is read (writes). */
      hasBody: boolean;
      /**
       * What an Idempotency-Key is bound to besides the body, when more than `name` (REST: the
       * concrete path and If-Match, which the body does not carry).
       */
      idempotencyScope?: string;
    }
  | { ok: false; name: string; response: Response };

/** What a transport (tRPC, REST) plugs into the pipeline. */
export interface ApiTransport {
  /** The `transport` label of the request metrics. */
  readonly kind: "trpc" | "rest";
  route(url: URL): RoutedCall;
  refuse: RefuseWith;
  /** A refusal that needs the body (a batch over its items), before anything runs. */
  checkBody?(body: Uint8Array, url: URL): Response | undefined;
  /** Runs the call with its authenticated caller. */
  run(call: {
    db: Database;
    actor: Actor;
    body: Uint8Array;
    request: IncomingApiRequest;
    url: URL;
    name: string;
  }): Promise<Answer>;
  /** Applied to every answer of `run`, a replayed one too (REST derives its headers here). */
  finish?(answer: Answer): Promise<Answer> | Answer;
}

const BEARER = /^Bearer\s+(\S+)$/i;
/** Longest name written to the log: the path is the caller's text. */
const LOGGED_NAME_MAX = 200;

async function authenticate(headers: Headers, db: Database, opts: ApiHttpOptions): Promise<Actor | null> {
  const header = headers.get("authorization");
  if (header) {
    const key = BEARER.exec(header)?.[1];
    // A presented but bad key never falls back to the cookie: it is a failed sign-in.
    return key ? authenticateApiKey(db, key) : null;
  }
  return opts.authenticateSession ? opts.authenticateSession(headers, db) : null;
}

/** The answer to a database failure met around a call: a 503 to retry or a 409, with its reason. */
function databaseFailure(err: unknown, refuse: RefuseWith): Response | undefined {
  const domain = databaseDomainError(err);
  if (!domain) return undefined;
  const headers: Record<string, string> =
    domain instanceof DatabaseUnavailableError ? { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } : {};
  return refuse(domain.code, domain.message, domain.reason, headers);
}

/**
 * The one pipeline behind every way into the API (tRPC and REST, over fetch and node:http),
 * cheapest refusal first: the URL, then the caller (no body is read for a request without
 * valid credentials) and the rate limits, then the body with its size limit and what the
 * transport checks in it; only then idempotency and the call itself. Writes one log line per
 * request: method, procedure or route, status, duration and actor; never a key, a cookie or
 * a contact's data. `readBody` answers null when the body passes MAX_BODY_BYTES.
 */
export async function runApiPipeline(
  request: IncomingApiRequest,
  readBody: () => Promise<Uint8Array | null>,
  opts: ApiHttpOptions,
  transport: ApiTransport,
): Promise<Answer> {
  const started = performance.now();
  const url = new URL(request.url);
  const seen: Seen = { name: url.pathname.slice(0, LOGGED_NAME_MAX), procedures: UNKNOWN_CALL, actor: null };
  let response: Answer | undefined;
  try {
    response = await answer(request, url, readBody, opts, transport, seen);
    return response;
  } catch (err) {
    // The database failing around the call (rate limits, idempotency bookkeeping): a 503 or 409.
    response = databaseFailure(err, transport.refuse);
    if (!response) throw err;
    return response;
  } finally {
    const a = seen.actor;
    const status = response?.status ?? 500;
    const ms = performance.now() - started;
    recordRequest(transport.kind, seen.procedures, status, ms / 1000);
    logger.info(
      {
        method: request.method,
        procedure: seen.name,
        status,
        durationMs: Math.round(ms * 10) / 10,
        actor: a ? { type: a.type, id: a.id, workspaceId: a.workspaceId } : null,
      },
      "request",
    );
  }
}

const UNKNOWN_CALL: readonly string[] = [UNKNOWN_PROCEDURE];

/** What the request's log line tells, learnt as the pipeline goes. */
interface Seen {
  name: string;
  /** The metric labels of its calls. */
  procedures: readonly string[];
  actor: Actor | null;
}

async function answer(
  request: IncomingApiRequest,
  url: URL,
  readBody: () => Promise<Uint8Array | null>,
  opts: ApiHttpOptions,
  transport: ApiTransport,
  seen: Seen,
): Promise<Answer> {
  const call = transport.route(url);
  const name = call.name.slice(0, LOGGED_NAME_MAX);
  seen.name = name;
  if (call.ok && call.procedures) seen.procedures = call.procedures;
  if (!call.ok) return call.response;

  let db: Database;
  let actor: Actor | null;
  try {
    db = await opts.getDb();
    actor = withScriptName(await authenticate(request.headers, db, opts), request.headers);
  } catch (err) {
    if (err instanceof TRPCError) return transport.refuse(err.code, err.message);
    logger.error({ err, procedure: name }, "database unavailable");
    return (
      databaseFailure(err, transport.refuse) ??
      (databaseFailure(new DatabaseUnavailableError(), transport.refuse) as Response)
    );
  }
  // The log names who was refused too.
  seen.actor = actor;
  // Counted before the body is read, the unauthenticated too (per address), in one statement.
  const limit = await (opts.rateLimiter ?? defaultApiRateLimiter()).spend(db, {
    actor,
    clientAddress: opts.clientAddress ?? "local",
    kind: call.kind,
    calls: call.calls,
  });
  const counted = (response: Answer) => {
    for (const [header, value] of Object.entries(limit.headers)) response.headers.set(header, value);
    return response;
  };
  if (!limit.allowed) return counted(transport.refuse("TOO_MANY_REQUESTS", limit.message));
  if (!actor) return counted(transport.refuse("UNAUTHORIZED", "Missing or invalid credentials"));

  const body = call.hasBody ? await readBody() : new Uint8Array();
  if (body === null) {
    return transport.refuse(
      "PAYLOAD_TOO_LARGE",
      `Request body larger than ${MAX_BODY_BYTES} bytes`,
      "PAYLOAD_TOO_LARGE",
    );
  }
  const refused = transport.checkBody?.(body, url);
  if (refused) return refused;

  const run = () => transport.run({ db, actor, body, request, url, name });
  const procedure = call.idempotencyScope ?? name;
  const answered = await withIdempotency(
    {
      method: request.method,
      url,
      headers: request.headers,
      body,
      db,
      procedure,
      actor,
      refuse: transport.refuse,
    },
    run,
  );
  return counted(transport.finish ? await transport.finish(answered) : answered);
}
