import { BATCH_CALLS_MAX } from "@contacts/contracts";
import type { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { logger } from "../logger";
import { UNKNOWN_PROCEDURE } from "../metrics/record-request";
import { appRouter } from "../root";
import { createContextInner } from "../trpc";
import { type Answer, toResponse } from "./answer";
import {
  type ApiHttpOptions,
  type ApiTransport,
  type IncomingApiRequest,
  runApiPipeline,
} from "./api-pipeline";
import { databaseResponseMeta } from "./database-error-response";
import { errorResponse, trpcRefusal } from "./error-response";
import { readBodyWithLimit } from "./read-body-with-limit";
import { BATCH_ITEMS_MAX, batchItems, batchItemsMessage, parseCalls } from "./request-cost";
import { resolveTrpcCalls } from "./resolve-trpc-calls";

export interface TrpcHttpOptions extends ApiHttpOptions {
  /** Where the router is mounted, e.g. "/api/trpc". */
  endpoint: string;
}

/** A request as the pipeline sees it before its body is read. */
export type IncomingTrpcRequest = IncomingApiRequest;

/**
 * Serves the tRPC router over fetch (Next route handlers, tests, any fetch server), through
 * the pipeline every way into the API shares (api-pipeline.ts).
 */
export async function handleTrpcRequest(req: Request, opts: TrpcHttpOptions): Promise<Response> {
  const answer = await handleBufferedTrpcRequest(
    { method: req.method, url: req.url, headers: req.headers, signal: req.signal },
    () => readBodyWithLimit(req),
    opts,
  );
  return toResponse(answer);
}

/** The tRPC router behind the shared pipeline; `readBody` answers null past MAX_BODY_BYTES. */
export function handleBufferedTrpcRequest(
  request: IncomingTrpcRequest,
  readBody: () => Promise<Uint8Array | null>,
  opts: TrpcHttpOptions,
): Promise<Answer> {
  return runApiPipeline(request, readBody, opts, trpcTransport(request.method, opts.endpoint));
}

let knownProcedures: Set<string> | undefined;
/** A path the router serves is its own label; any other is one label for all (bounded cardinality). */
function procedureLabel(path: string): string {
  knownProcedures ??= new Set(Object.keys(appRouter._def.procedures));
  return knownProcedures.has(path) ? path : UNKNOWN_PROCEDURE;
}

/** tRPC's part of the pipeline: procedure paths and batches in the URL, tRPC's error body. */
function trpcTransport(method: string, endpoint: string): ApiTransport {
  let procedures: string[] = [];
  let batch = false;
  let refuse = trpcRefusal("");
  return {
    kind: "trpc",
    route(url) {
      const rawPath = url.pathname.slice(endpoint.length + 1);
      const calls = parseCalls(rawPath, url.searchParams);
      if (!calls.ok) {
        return {
          ok: false,
          name: rawPath,
          response: errorResponse("BAD_REQUEST", calls.message, rawPath, calls.reason),
        };
      }
      procedures = calls.procedures;
      batch = calls.batch;
      const name = procedures.join(",");
      refuse = trpcRefusal(name);
      const write = method === "POST";
      return {
        ok: true,
        name,
        procedures: procedures.map(procedureLabel),
        calls: procedures.length,
        kind: write ? "write" : "read",
        hasBody: write,
      };
    },
    refuse: (...args) => refuse(...args),
    checkBody(body, url) {
      if (!batch) return undefined;
      const items = batchItems(procedures, batchInputs(method, url, body));
      return items > BATCH_ITEMS_MAX
        ? refuse("BAD_REQUEST", batchItemsMessage(items), "BATCH_TOO_LARGE")
        : undefined;
    },
    async run({ db, actor, body, request, url }) {
      // The process logger itself: what procedures log names the procedure already, and a
      // child logger per request was a measurable share of the request's CPU.
      const context = createContextInner({ db, actor });
      const direct = await resolveTrpcCalls(
        { method, headers: request.headers, procedures, batch, url, body, signal: request.signal },
        context,
        ({ error, path }) => logFailure(error, path),
      );
      if (direct) return direct;
      // What only tRPC's adapter serves (subscriptions, streamed batches) or refuses.
      const req = new Request(url, {
        method,
        headers: request.headers,
        body: method === "POST" ? (body as Uint8Array<ArrayBuffer>) : undefined,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      return fetchRequestHandler({
        endpoint,
        req,
        router: appRouter,
        maxBatchSize: BATCH_CALLS_MAX,
        createContext: () => context,
        responseMeta: databaseResponseMeta,
        onError: ({ error, path }) => logFailure(error, path),
      });
    },
  };
}

function logFailure(error: TRPCError, path: string | undefined) {
  if (error.code === "INTERNAL_SERVER_ERROR") {
    logger.error({ err: error.cause ?? error, procedure: path }, "request failed");
  }
}

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
