import type { Database } from "@contacts/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Actor } from "../actor";
import { databaseTrpcError } from "../database-errors";
import { logger } from "../logger";
import { appRouter } from "../root";
import { authenticateApiKey } from "../services/api-keys/api-keys";
import { createContextInner } from "../trpc";
import { databaseErrorResponse, databaseResponseMeta } from "./database-error-response";
import { errorResponse } from "./error-response";
import { withIdempotency } from "./idempotency";
import { MAX_BODY_BYTES, readBodyWithLimit } from "./read-body-with-limit";
import { withScriptName } from "./script-actor";

export interface TrpcHttpOptions {
  /** Where the router is mounted, e.g. "/api/trpc". */
  endpoint: string;
  getDb: () => Promise<Database>;
  /** Another way in beside API keys, e.g. the web app's session cookie. */
  authenticateSession?: (req: Request, db: Database) => Promise<Actor | null>;
}

const BEARER = /^Bearer\s+(\S+)$/i;

async function authenticate(req: Request, db: Database, opts: TrpcHttpOptions): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const key = BEARER.exec(header)?.[1];
    // A presented but bad key never falls back to the cookie: it is a failed sign-in.
    return key ? authenticateApiKey(db, key) : null;
  }
  return opts.authenticateSession ? opts.authenticateSession(req, db) : null;
}

/**
 * Serves the tRPC router over fetch (Next route handlers, tests, any fetch server). Writes
 * one log line per request: method, procedure, status, duration and actor. Never a key, a
 * cookie or a contact's data.
 */
export function handleTrpcRequest(req: Request, opts: TrpcHttpOptions): Promise<Response> {
  return handleBufferedTrpcRequest(
    { method: req.method, url: req.url },
    async () => {
      if (req.method !== "POST") return { req, body: new Uint8Array() };
      const body = await readBodyWithLimit(req);
      // The body is read once, here, with a limit; tRPC and the idempotency hash read this copy.
      return body && { req: new Request(req.url, { method: "POST", headers: req.headers, body }), body };
    },
    opts,
  );
}

/** A request whose body has been read in full, or null when it was larger than the limit. */
export type BufferedRequest = { req: Request; body: Uint8Array } | null;

/**
 * The one pipeline behind every way in (fetch, node:http): `readBody` reads the body with
 * the size limit; then idempotency, authentication, tRPC, and the request's log line.
 */
export async function handleBufferedTrpcRequest(
  request: { method: string; url: string },
  readBody: () => Promise<BufferedRequest>,
  opts: TrpcHttpOptions,
): Promise<Response> {
  const started = performance.now();
  const procedure = new URL(request.url).pathname.slice(opts.endpoint.length + 1);
  let actor: Actor | null = null;
  let response: Response | undefined;
  try {
    const buffered = await readBody();
    if (buffered === null) {
      response = errorResponse(
        "PAYLOAD_TOO_LARGE",
        `Request body larger than ${MAX_BODY_BYTES} bytes`,
        procedure,
      );
      return response;
    }
    const { req, body } = buffered;
    const runTrpc = () =>
      fetchRequestHandler({
        endpoint: opts.endpoint,
        req,
        router: appRouter,
        createContext: async () => {
          // Inside the context, so an unreachable database is a formatted 503 (and anything
          // else a 500) rather than an exception escaping to the framework's error page.
          try {
            const db = await opts.getDb();
            actor = withScriptName(await authenticate(req, db, opts), req.headers);
            return createContextInner({ db, actor, log: logger.child({ procedure }) });
          } catch (err) {
            throw databaseTrpcError(err) ?? err;
          }
        },
        responseMeta: databaseResponseMeta,
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") {
            logger.error({ err: error.cause ?? error, procedure: path }, "request failed");
          }
        },
      });
    const authenticateForKey = (db: Database) => authenticate(req, db, opts);
    response = await withIdempotency(
      { req, body, getDb: opts.getDb, procedure, authenticate: authenticateForKey },
      runTrpc,
    );
    return response;
  } catch (err) {
    // The database failing around tRPC (e.g. the idempotency bookkeeping): a 503 or 409.
    response = databaseErrorResponse(err, procedure);
    if (!response) throw err;
    return response;
  } finally {
    const a = actor as Actor | null;
    logger.info(
      {
        method: request.method,
        procedure,
        status: response?.status ?? 500,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        actor: a ? { type: a.type, id: a.id, workspaceId: a.workspaceId } : null,
      },
      "request",
    );
  }
}
