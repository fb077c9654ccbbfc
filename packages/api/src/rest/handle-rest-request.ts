import { TRPCError } from "@trpc/server";
import { DatabaseUnavailableError } from "../database-errors";
import { describeError } from "../describe-error";
import { toResponse } from "../http/answer";
import {
  type ApiHttpOptions,
  type ApiTransport,
  type IncomingApiRequest,
  runApiPipeline,
} from "../http/api-pipeline";
import { DATABASE_RETRY_AFTER_SECONDS } from "../http/database-error-response";
import { readBodyWithLimit } from "../http/read-body-with-limit";
import { logger } from "../logger";
import { createCaller } from "../root";
import { createContextInner } from "../trpc";
import { etagOf } from "./if-match";
import { matchRestRoute } from "./match-rest-route";
import { openApiDocument } from "./openapi-document";
import { PROBLEM_CONTENT_TYPE, problemResponse } from "./problem-details";
import {
  buildProcedureInput,
  checkMediaType,
  type InputRefusal,
  locateIssue,
  summarizeProblemErrors,
} from "./rest-input";
import { REST_ENDPOINT, type RestRoute } from "./rest-routes";

export const OPENAPI_PATH = `${REST_ENDPOINT}/openapi.json`;

/**
 * Serves the REST API (/api/v1) over fetch (Next route handlers, tests): the OpenAPI document
 * to anyone, every other route through the pipeline /api/trpc uses (api-pipeline.ts).
 */
export function handleRestRequest(req: Request, opts: ApiHttpOptions): Promise<Response> {
  return handleBufferedRestRequest(
    { method: req.method, url: req.url, headers: req.headers },
    () => readBodyWithLimit(req),
    opts,
  );
}

/** The REST API behind the shared pipeline; `readBody` answers null past MAX_BODY_BYTES. */
export async function handleBufferedRestRequest(
  request: IncomingApiRequest,
  readBody: () => Promise<Uint8Array | null>,
  opts: ApiHttpOptions,
): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === OPENAPI_PATH && request.method === "GET") {
    // Public, like any API's reference: it says what the API is, nothing of anyone's data.
    return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
  }
  return toResponse(await runApiPipeline(request, readBody, opts, restTransport(request)));
}

type Caller = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

/** Calls the route's procedure through tRPC's server-side caller: the procedure's middleware, schemas and service. */
function callProcedure(caller: unknown, route: RestRoute, input: unknown): Promise<unknown> {
  const [router, procedure] = route.procedure.split(".") as [string, string];
  const fn = (caller as Caller)[router]?.[procedure];
  if (!fn) throw new Error(`No procedure ${route.procedure}`);
  return fn(input);
}

/** REST's part of the pipeline: routes from the table, problem+json errors, ETag and Location. */
function restTransport(request: IncomingApiRequest): ApiTransport {
  const instance = new URL(request.url).pathname;
  let route: RestRoute | undefined;
  let params: Record<string, string> = {};
  const refuse: ApiTransport["refuse"] = (code, detail, reason, headers) =>
    problemResponse({
      code,
      detail,
      instance,
      reason: reason ?? describeError(new TRPCError({ code })).reason,
      ...(headers ? { headers } : {}),
    });
  const refuseInput = (refusal: InputRefusal): Response => {
    switch (refusal.kind) {
      case "invalid-query":
        return problemResponse({
          code: "BAD_REQUEST",
          reason: "INVALID_INPUT",
          detail: summarizeProblemErrors(refusal.errors, "Invalid query"),
          instance,
          errors: refusal.errors,
        });
      case "invalid-if-match":
        return problemResponse({
          code: "BAD_REQUEST",
          reason: "INVALID_IF_MATCH",
          detail: 'If-Match must be one strong ETag, e.g. "3" (the version you read), or *',
          instance,
          errors: [{ header: "If-Match", detail: 'Expected one strong ETag such as "3"' }],
        });
      case "invalid-json":
        return refuse("BAD_REQUEST", refusal.detail, "INVALID_JSON");
      case "media-type":
        return refuse("UNSUPPORTED_MEDIA_TYPE", refusal.detail, "UNSUPPORTED_MEDIA_TYPE");
    }
  };

  return {
    kind: "rest",
    refuse,
    route(url) {
      const match = matchRestRoute(request.method, url.pathname);
      if (match.ok) {
        route = match.route;
        params = match.params;
        const write = route.method !== "GET";
        const template = `${route.method} ${route.path}`;
        return {
          ok: true,
          name: template,
          procedures: [template],
          calls: 1,
          kind: write ? "write" : "read",
          hasBody: write,
          idempotencyScope: `${route.method} ${url.pathname} if-match=${request.headers.get("if-match") ?? ""}`,
        };
      }
      const name = `${request.method} ${url.pathname}`;
      if (match.why === "method") {
        const allow = match.allow.join(", ");
        const detail = `Method ${request.method} is not supported here: use ${allow}`;
        return {
          ok: false,
          name,
          response: refuse("METHOD_NOT_SUPPORTED", detail, "METHOD_NOT_SUPPORTED", { allow }),
        };
      }
      if (match.why === "malformed") {
        const detail = "Malformed path: a % escape is broken";
        return { ok: false, name, response: refuse("BAD_REQUEST", detail, "MALFORMED_PATH") };
      }
      const detail = `No route ${url.pathname}; the routes are listed in ${OPENAPI_PATH}`;
      return { ok: false, name, response: refuse("NOT_FOUND", detail, "ROUTE_NOT_FOUND") };
    },
    checkBody() {
      const refusal = route && checkMediaType(route, request.headers.get("content-type"));
      return refusal ? refuseInput(refusal) : undefined;
    },
    async run({ db, actor, body, request, url, name }) {
      const r = route as RestRoute;
      const built = buildProcedureInput(r, params, url, request.headers, body);
      if (!built.ok) return refuseInput(built.refusal);
      const caller = createCaller(createContextInner({ db, actor, log: logger.child({ procedure: name }) }));
      try {
        const output = await callProcedure(caller, r, built.input);
        const status = r.success.created?.(output) ? 201 : r.success.status;
        return new Response(JSON.stringify(output), { status });
      } catch (err) {
        if (!(err instanceof TRPCError)) throw err;
        return procedureProblem(r, err, instance, built.expectedVersion !== undefined);
      }
    },
    async finish(answer) {
      return route ? withRestHeaders(route, toResponse(answer)) : answer;
    },
  };
}

/** A procedure's error as problem+json: its reason, its issues located in the request. */
function procedureProblem(
  route: RestRoute,
  err: TRPCError,
  instance: string,
  sentIfMatch: boolean,
): Response {
  const described = describeError(err);
  const errors = described.issues?.map((issue) => locateIssue(route, issue)) ?? [];
  // A stale If-Match is a failed precondition (RFC 9110 §13.1.1); tRPC's expectedVersion is a 409.
  const stale = sentIfMatch && described.reason === "STALE_VERSION";
  return problemResponse({
    code: stale ? "PRECONDITION_FAILED" : err.code,
    reason: described.reason,
    detail: errors.length ? summarizeProblemErrors(errors, described.message) : described.message,
    instance,
    errors,
    ...(described.details ? { details: described.details } : {}),
    ...(err.cause instanceof DatabaseUnavailableError
      ? { headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } }
      : {}),
  });
}

/**
 * The headers of a route's answer, derived from its status and body alone, so a response
 * replayed for an Idempotency-Key gets the same ones as the first: problem+json for errors,
 * ETag for a contact, Location for what was created.
 */
async function withRestHeaders(route: RestRoute, response: Response): Promise<Response> {
  const headers = new Headers(response.headers);
  if (response.status >= 400) {
    headers.set("content-type", PROBLEM_CONTENT_TYPE);
    return new Response(response.body, { status: response.status, headers });
  }
  const text = await response.text();
  headers.set("content-type", "application/json");
  const body: unknown = JSON.parse(text);
  const version = route.success.version?.(body);
  if (version !== undefined) headers.set("etag", etagOf(version));
  if (response.status === 201) {
    const location = route.success.location?.(body);
    if (location) headers.set("location", location);
  }
  return new Response(text, { status: response.status, headers });
}
