import {
  BatchUpdateOutput,
  ChangedContactsPage,
  ChangesPage,
  Company,
  CompanyPage,
  Contact,
  ContactPage,
  HistoryPage,
  UpsertByExternalRefOutput,
} from "@contacts/contracts";
import { z } from "zod";
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from "zod-openapi";
import { IDEMPOTENCY_HEADER } from "../http/idempotency";
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, Problem } from "./problem-details";
import { REST_ENDPOINT, REST_ROUTES, type RestRoute } from "./rest-routes";

/** Named schemas: a `$ref` each in the document, so clients generate one type per contract schema. */
const COMPONENT_SCHEMAS = {
  Contact,
  ContactPage,
  Company,
  CompanyPage,
  HistoryPage,
  UpsertByExternalRefOutput,
  BatchUpdateOutput,
  ChangesPage,
  ChangedContactsPage,
  Problem,
};

/** Each error status an operation may answer, and when. */
const ERROR_STATUSES = {
  "400":
    "The request breaks the contract: `errors` points at each problem (JSON Pointer into the body, or the parameter or header)",
  "401": "No valid credentials (a bearer API key or the web app's session cookie)",
  "403": "Not allowed: a cookie-authenticated write from another site, or a caller without the right",
  "404": "No such resource in the caller's workspace",
  "409":
    "A conflict: an external reference held by another contact, a company still connected to contacts, write contention, a reused Idempotency-Key",
  "412": "If-Match names a version that is no longer current (`details.currentVersion`)",
  "413": "The body is larger than 4 MiB",
  "415": "The body's Content-Type is not one the operation takes",
  "429": "Over a rate limit: wait Retry-After seconds",
  "503": "The database did not answer: retry after Retry-After seconds",
} as const;
type ErrorStatus = keyof typeof ERROR_STATUSES;

const retryAfter = z.object({ "Retry-After": z.string().describe("Seconds to wait before retrying") });

function errorStatusesOf(route: RestRoute): ErrorStatus[] {
  const statuses: ErrorStatus[] = ["400", "401", "403"];
  if (route.findsOne) statuses.push("404");
  if (route.method !== "GET") statuses.push("409", "413", "415");
  if (route.ifMatch) statuses.push("412");
  statuses.push("429", "503");
  return statuses.sort();
}

function responsesOf(route: RestRoute): ZodOpenApiResponsesObject {
  const headers: Record<string, z.ZodType> = {};
  if (route.success.version)
    headers.ETag = z.string().describe('The resource\'s version as a strong ETag, e.g. "3"');
  const success = {
    description: route.summary,
    content: { "application/json": { schema: route.success.schema } },
    ...(Object.keys(headers).length ? { headers: z.object(headers) } : {}),
  };
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  const statuses = route.success.created ? [200, 201] : [route.success.status];
  for (const status of statuses) {
    responses[`${status}`] =
      status === 201
        ? {
            ...success,
            description: `${route.summary}: created`,
            headers: z.object({ ...headers, Location: z.string().describe("The created resource's path") }),
          }
        : success;
  }
  for (const status of errorStatusesOf(route)) {
    responses[status] = {
      description: ERROR_STATUSES[status],
      content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } },
      ...(status === "429" || status === "503" ? { headers: retryAfter } : {}),
    };
  }
  return responses;
}

function operationOf(route: RestRoute): ZodOpenApiOperationObject {
  const shape = route.input.shape as Record<string, z.ZodType>;
  const pick = (keys: readonly string[], rename: (key: string) => string = (k) => k) =>
    z.object(Object.fromEntries(keys.map((key) => [rename(key), shape[key] as z.ZodType])));
  const header: Record<string, z.ZodType> = {};
  if (route.ifMatch) {
    header["If-Match"] = z
      .string()
      .optional()
      .describe(
        'The ETag you read ("3"): the write is refused with 412 when the contact has moved on. Omit it for last write wins.',
      );
  }
  if (route.method !== "GET") {
    header[
      IDEMPOTENCY_HEADER.replace(/(^|-)(\w)/g, (_, dash: string, c: string) => `${dash}${c.toUpperCase()}`)
    ] = z
      .string()
      .optional()
      .describe(
        "1–255 visible ASCII characters: a retry with the same key and request gets the first answer again",
      );
  }
  const query = route.query
    ? z.object(Object.fromEntries(route.query.map((q) => [q.name, (shape[q.key] as z.ZodType).optional()])))
    : undefined;
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `The same as the tRPC procedure \`${route.procedure}\` (docs/api.md).`,
    tags: [route.tag],
    requestParams: {
      ...(route.pathParams ? { path: pick(route.pathParams) } : {}),
      ...(query ? { query } : {}),
      ...(Object.keys(header).length ? { header: z.object(header) } : {}),
    },
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              route.body.contentTypes.map((type) => [type, { schema: route.body?.schema }]),
            ),
          },
        }
      : {}),
    responses: responsesOf(route),
  };
}

function buildDocument(): oas31.OpenAPIObject {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const route of REST_ROUTES) {
    const path = `${REST_ENDPOINT}${route.path}`;
    paths[path] ??= {};
    (paths[path] as Record<string, ZodOpenApiOperationObject>)[route.method.toLowerCase()] =
      operationOf(route);
  }
  paths[`${REST_ENDPOINT}/openapi.json`] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      tags: ["Reference"],
      security: [],
      responses: {
        "200": {
          description: "The OpenAPI 3.1 document",
          content: { "application/json": { schema: z.looseObject({ openapi: z.string() }) } },
        },
      },
    },
  };
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Contacts API",
      version: "1",
      description: [
        "The contacts API over REST, generated from the same zod contracts as the tRPC API (`/api/trpc`), and answered by the same procedures: the same validation, rules, limits and idempotency.",
        "",
        "- `PATCH` takes `application/merge-patch+json` (RFC 7396) or `application/json`: omitted fields stay, `null` clears, lists are replaced whole.",
        '- Contacts carry `ETag: "<version>"`; send it back as `If-Match` to refuse a write over someone else\'s (412).',
        `- Errors are \`application/problem+json\` (RFC 9457): \`type\` is ${PROBLEM_TYPE_BASE}<reason>, \`reason\` the stable word to branch on, \`errors\` each problem with a JSON Pointer into the body (\`/connections/1/company/id\`) or the parameter or header.`,
        "- Writes take an `Idempotency-Key`; every answer carries the rate limit headers (`RateLimit-Policy`, `RateLimit`).",
      ].join("\n"),
    },
    tags: [
      { name: "Contacts" },
      { name: "Companies" },
      { name: "Changes" },
      { name: "Tags" },
      { name: "Reference" },
    ],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    components: {
      schemas: COMPONENT_SCHEMAS,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key: `pnpm scripts api-key create --name <name>`, or the web app's API keys page",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "better-auth.session_token",
          description:
            "The web app's session (`__Secure-better-auth.session_token` over https); writes must come from the app's own origin",
        },
      },
    },
    paths,
  });
}

/**
 * zod-openapi renders a registered schema for requests and, when its response form differs
 * (closed nested objects), again as `<Name>Output`. Ours are each used one way only: where the
 * request form is referenced nowhere, the response form takes the plain name.
 */
function plainComponentNames(doc: oas31.OpenAPIObject): oas31.OpenAPIObject {
  let text = JSON.stringify(doc);
  const schemas = doc.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) {
    const output = `${name}Output`;
    if (!(output in schemas) || text.includes(`"#/components/schemas/${name}"`)) continue;
    text = text
      .replaceAll(`"#/components/schemas/${output}"`, `"#/components/schemas/${name}"`)
      .replace(`"${name}":`, `"${name}-unused":`)
      .replace(`"${output}":`, `"${name}":`);
  }
  const renamed = JSON.parse(text) as oas31.OpenAPIObject;
  for (const name of Object.keys(renamed.components?.schemas ?? {})) {
    if (name.endsWith("-unused")) delete renamed.components?.schemas?.[name];
  }
  return renamed;
}

let built: oas31.OpenAPIObject | undefined;

/** The OpenAPI 3.1 document of /api/v1, built from the route table and the contracts once per process. */
export function openApiDocument(): oas31.OpenAPIObject {
  built ??= plainComponentNames(buildDocument());
  return built;
}
