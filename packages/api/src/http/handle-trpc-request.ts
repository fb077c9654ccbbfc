import { BATCH_CALLS_MAX } from "@contacts/contracts";
import type { Database } from "@contacts/db";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Actor } from "../actor";
import { DatabaseUnavailableError } from "../database-errors";
import { logger } from "../logger";
import { type ApiRateLimiter, defaultApiRateLimiter } from "../rate-limit/api-rate-limits";
import { appRouter } from "../root";
import { authenticateApiKey } from "../services/api-keys/api-keys";
import { createContextInner } from "../trpc";
import { databaseErrorResponse, databaseResponseMeta } from "./database-error-response";
import { errorResponse } from "./error-response";
import { withIdempotency } from "./idempotency";
import { MAX_BODY_BYTES, readBodyWithLimit } from "./read-body-with-limit";
import { BATCH_ITEMS_MAX, batchItems, batchItemsMessage, parseCalls } from "./request-cost";
import { withScriptName } from "./script-actor";

export interface TrpcHttpOptions {
  /** Where the router is mounted, e.g. "/api/trpc". */
  endpoint: string;
  getDb: () => Promise<Database>;
  /** Another way in beside API keys, e.g. the web app's session cookie. */
  authenticateSession?: (headers: Headers, db: Database) => Promise<Actor | null>;
  /**
   * Who sent the request, for the per-address rate limit: the socket's peer or what trusted
   * proxies report (serveTrpcOverNode finds it itself). Default "local": one client.
   */
  clientAddress?: string;
  /** Default: the limits of the environment (RATE_LIMIT_* variables). */
  rateLimiter?: ApiRateLimiter;
}

/** A request as the pipeline sees it before its body is read. */
export interface IncomingTrpcRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Headers;
}

const BEARER = /^Bearer\s+(\S+)$/i;
/** Longest procedure path written to the log: the path is the caller's text. */
const LOGGED_PATH_MAX = 200;

async function authenticate(headers: Headers, db: Database, opts: TrpcHttpOptions): Promise<Actor | null> {
  const header = headers.get("authorization");
  if (header) {
    const key = BEARER.exec(header)?.[1];
    // A presented but bad key never falls back to the cookie: it is a failed sign-in.
    return key ? authenticateApiKey(db, key) : null;
  }
  return opts.authenticateSession ? opts.authenticateSession(headers, db) : null;
}

/**
 * Serves the tRPC router over fetch (Next route handlers, tests, any fetch server). Writes
 * one log line per request: method, procedure, status, duration and actor. Never a key, a
 * cookie or a contact's data.
 */
export function handleTrpcRequest(req: Request, opts: TrpcHttpOptions): Promise<Response> {
  return handleBufferedTrpcRequest(
    { method: req.method, url: req.url, headers: req.headers },
    () => readBodyWithLimit(req),
    opts,
  );
}

/**
 * The one pipeline behind every way in (fetch, node:http), cheapest refusal first: the URL
 * (malformed path, too many calls), then the caller (no body is read for a request without
 * valid credentials), then the body with its size limit, then what the batch's calls hold
 * together; only then idempotency and tRPC. `readBody` answers null when the body passes
 * MAX_BODY_BYTES.
 */
export async function handleBufferedTrpcRequest(
  request: IncomingTrpcRequest,
  readBody: () => Promise<Uint8Array | null>,
  opts: TrpcHttpOptions,
): Promise<Response> {
  const started = performance.now();
  const url = new URL(request.url);
  const seen: Seen = {
    procedure: url.pathname.slice(opts.endpoint.length + 1).slice(0, LOGGED_PATH_MAX),
    actor: null,
  };
  let response: Response | undefined;
  try {
    response = await answer(request, url, readBody, opts, seen);
    return response;
  } catch (err) {
    // The database failing around tRPC (rate limits, idempotency bookkeeping): a 503 or 409.
    response = databaseErrorResponse(err, seen.procedure);
    if (!response) throw err;
    return response;
  } finally {
    const a = seen.actor;
    logger.info(
      {
        method: request.method,
        procedure: seen.procedure,
        status: response?.status ?? 500,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        actor: a ? { type: a.type, id: a.id, workspaceId: a.workspaceId } : null,
      },
      "request",
    );
  }
}

/** What the request's log line tells, learnt as the pipeline goes. */
interface Seen {
  procedure: string;
  actor: Actor | null;
}

async function answer(
  request: IncomingTrpcRequest,
  url: URL,
  readBody: () => Promise<Uint8Array | null>,
  opts: TrpcHttpOptions,
  seen: Seen,
): Promise<Response> {
  const calls = parseCalls(url.pathname.slice(opts.endpoint.length + 1), url.searchParams);
  if (!calls.ok) return errorResponse("BAD_REQUEST", calls.message, seen.procedure, calls.reason);
  const procedure = calls.procedures.join(",").slice(0, LOGGED_PATH_MAX);
  seen.procedure = procedure;

  let db: Database;
  let actor: Actor | null;
  try {
    db = await opts.getDb();
    actor = withScriptName(await authenticate(request.headers, db, opts), request.headers);
  } catch (err) {
    if (err instanceof TRPCError) return errorResponse(err.code, err.message, procedure);
    logger.error({ err, procedure }, "database unavailable");
    return databaseErrorResponse(err, procedure) ?? databaseUnavailable(procedure);
  }
  // The log names who was refused too.
  seen.actor = actor;
  // Counted before the body is read, the unauthenticated too (per address), in one statement.
  const limit = await (opts.rateLimiter ?? defaultApiRateLimiter()).spend(db, {
    actor,
    clientAddress: opts.clientAddress ?? "local",
    kind: request.method === "POST" ? "write" : "read",
    calls: calls.procedures.length,
  });
  const counted = (response: Response) => {
    for (const [name, value] of Object.entries(limit.headers)) response.headers.set(name, value);
    return response;
  };
  if (!limit.allowed) return counted(errorResponse("TOO_MANY_REQUESTS", limit.message, procedure));
  if (!actor) return counted(errorResponse("UNAUTHORIZED", "Missing or invalid credentials", procedure));

  const body = request.method === "POST" ? await readBody() : new Uint8Array();
  if (body === null) {
    return errorResponse(
      "PAYLOAD_TOO_LARGE",
      `Request body larger than ${MAX_BODY_BYTES} bytes`,
      procedure,
      "PAYLOAD_TOO_LARGE",
    );
  }
  if (calls.batch) {
    const items = batchItems(calls.procedures, batchInputs(request.method, url, body));
    if (items > BATCH_ITEMS_MAX) {
      return errorResponse("BAD_REQUEST", batchItemsMessage(items), procedure, "BATCH_TOO_LARGE");
    }
  }

  const req = new Request(url, {
    method: request.method,
    headers: request.headers,
    body: request.method === "POST" ? (body as Uint8Array<ArrayBuffer>) : undefined,
  });
  const context = createContextInner({ db, actor, log: logger.child({ procedure }) });
  const runTrpc = () =>
    fetchRequestHandler({
      endpoint: opts.endpoint,
      req,
      router: appRouter,
      maxBatchSize: BATCH_CALLS_MAX,
      createContext: () => context,
      responseMeta: databaseResponseMeta,
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, procedure: path }, "request failed");
        }
      },
    });
  return counted(await withIdempotency({ req, body, db, procedure, actor }, runTrpc));
}

/** Whatever kept the database or the caller from being found: a 503 to retry, with its reason. */
const databaseUnavailable = (procedure: string) =>
  databaseErrorResponse(new DatabaseUnavailableError(), procedure) as Response;

/** A batch's raw inputs (tRPC's `{ "0": input, "1": input }`), or undefined when unreadable. */
function batchInputs(method: string, url: URL, body: Uint8Array): unknown {
  try {
    const text = method === "POST" ? Buffer.from(body).toString("utf8") : url.searchParams.get("input");
    return text ? JSON.parse(text) : undefined;
  } catch {
    // tRPC answers unparsable input with its own 400.
    return undefined;
  }
}
