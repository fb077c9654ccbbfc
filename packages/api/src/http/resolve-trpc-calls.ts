import type { TRPCError } from "@trpc/server";
import {
  type AnyProcedure,
  getAcceptHeader,
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";
import { appRouter } from "../root";
import type { Context } from "../trpc";
import { TextAnswer } from "./answer";
import { databaseResponseMeta } from "./database-error-response";

/** What the pipeline knows of a tRPC request once its body is read. */
export interface TrpcCallsRequest {
  method: string;
  headers: Headers;
  /** The procedure paths of the URL, decoded (parseCalls). */
  procedures: string[];
  batch: boolean;
  url: URL;
  body: Uint8Array;
  signal?: AbortSignal;
}

type CallError = (opts: { error: TRPCError; path: string; input: unknown; ctx: Context }) => void;

const METHOD_OF_TYPE = { query: "GET", mutation: "POST" } as const;
const config = appRouter._def._config;

/**
 * Runs the calls of a tRPC request and answers them as tRPC's fetch adapter would, byte for
 * byte (`resolve-trpc-calls.test.ts` compares the two on every kind of answer), without the web
 * `Request`/`Response` objects, their streams and abort signals, which cost more CPU per
 * request than the update itself (docs/performance.md). It uses tRPC's own parts (procedure
 * lookup, error shape, status codes) from `@trpc/server/unstable-core-do-not-import`, which is
 * why @trpc/server is pinned exactly.
 *
 * Only plain calls: queries over GET and mutations over POST with JSON, alone or batched. For
 * anything else (a subscription, a streamed batch, a method or content type tRPC refuses, an
 * unknown procedure, input that is not JSON) it answers undefined before anything has run, and
 * the caller hands the request to tRPC's adapter, which answers it (or refuses it) itself.
 */
export async function resolveTrpcCalls(
  request: TrpcCallsRequest,
  ctx: Context,
  onError: CallError,
): Promise<TextAnswer | undefined> {
  const { method } = request;
  if (method !== "GET" && method !== "POST") return undefined;
  if (getAcceptHeader(request.headers) === "application/jsonl") return undefined;
  if (method === "POST" && !request.headers.get("content-type")?.startsWith("application/json"))
    return undefined;
  const procedures: AnyProcedure[] = [];
  for (const path of request.procedures) {
    const procedure = await getProcedureAtPath(appRouter, path);
    if (!procedure) return undefined;
    const type = procedure._def.type;
    if (type === "subscription" || METHOD_OF_TYPE[type] !== method) return undefined;
    procedures.push(procedure);
  }
  const inputs = readInputs(request);
  if (!inputs) return undefined;

  const results = await Promise.all(
    procedures.map(async (procedure, index) => {
      const path = request.procedures[index] as string;
      const input = inputs.values[index];
      try {
        const data = await procedure({
          path,
          getRawInput: async () => input,
          ctx,
          type: procedure._def.type,
          signal: request.signal,
          batchIndex: index,
        });
        return { result: { data }, error: undefined, thrown: undefined };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        onError({ error, path, input, ctx });
        return {
          result: undefined,
          error: getErrorShape({ config, ctx, error, input, path, type: procedure._def.type }),
          thrown: error,
        };
      }
    }),
  );
  const errors: TRPCError[] = [];
  const body = results.map((r) => {
    if (!r.thrown) return { result: r.result };
    errors.push(r.thrown);
    return { error: r.error };
  });
  const headers = new Headers([
    ["vary", "trpc-accept, accept"],
    ["content-type", "application/json"],
  ]);
  for (const [name, value] of Object.entries(databaseResponseMeta({ errors }).headers ?? {})) {
    headers.set(name, value);
  }
  const json = request.batch ? body : body[0];
  return new TextAnswer(
    getHTTPStatusCode(body as never),
    headers,
    JSON.stringify(transformTRPCResponse(config, json as never)),
  );
}

/** The calls' inputs as tRPC reads them, or undefined where tRPC would refuse the request. */
function readInputs(request: TrpcCallsRequest): { values: unknown[] } | undefined {
  let raw: unknown;
  try {
    if (request.method === "GET") {
      const text = request.url.searchParams.get("input");
      raw = text ? JSON.parse(text) : undefined;
    } else {
      // tRPC reads a POST body with req.json(): an empty body is its error, not ours.
      raw = JSON.parse(Buffer.from(request.body).toString("utf8"));
    }
  } catch {
    return undefined;
  }
  const deserialize = config.transformer.input.deserialize;
  if (!request.batch) return { values: [raw === undefined ? undefined : deserialize(raw)] };
  if (raw === undefined) return { values: [] };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const byIndex = raw as Record<string, unknown>;
  return {
    values: request.procedures.map((_, index) => {
      const input = byIndex[index];
      return input === undefined ? undefined : deserialize(input);
    }),
  };
}
