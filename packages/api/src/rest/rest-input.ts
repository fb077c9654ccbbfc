import type { ErrorIssue } from "@contacts/contracts";
import { parseIfMatch } from "./if-match";
import { toJsonPointer } from "./json-pointer";
import type { ProblemError } from "./problem-details";
import type { QueryKind, RestRoute } from "./rest-routes";

/** A request that cannot become a procedure input: why, for a 400 or 415. */
export type InputRefusal =
  | { kind: "invalid-query"; errors: ProblemError[] }
  | { kind: "invalid-if-match" }
  | { kind: "invalid-json"; detail: string }
  | { kind: "media-type"; detail: string };

/** Query text as the JSON value the procedure's schema expects; what cannot be converted is passed as is, for the schema to refuse. */
function fromQuery(kind: QueryKind, values: string[]): unknown {
  if (kind === "array") return values;
  if (values.length !== 1) return values;
  const text = values[0] as string;
  if (kind === "integer") return /^-?[0-9]{1,16}$/.test(text) ? Number(text) : text;
  if (kind === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The media type of a Content-Type header, without its parameters, in lower case. */
const mediaTypeOf = (header: string | null) => header?.split(";")[0]?.trim().toLowerCase() ?? "";

/** The body's media type is one the route takes, or the 415's explanation. */
export function checkMediaType(route: RestRoute, contentType: string | null): InputRefusal | undefined {
  if (!route.body) return undefined;
  const given = mediaTypeOf(contentType);
  if (route.body.contentTypes.includes(given)) return undefined;
  return {
    kind: "media-type",
    detail: `Content-Type ${given ? `"${given}"` : "missing"}: send ${route.body.contentTypes.join(" or ")}`,
  };
}

/**
 * The procedure's input from the path, the query, `If-Match` and the body. Only the shape of
 * the request is checked here (known query parameters, JSON, If-Match syntax); every rule
 * about the values is the procedure's own schema.
 */
export function buildProcedureInput(
  route: RestRoute,
  params: Record<string, string>,
  url: URL,
  headers: Headers,
  body: Uint8Array,
): { ok: true; input: unknown; expectedVersion?: number } | { ok: false; refusal: InputRefusal } {
  const input: Record<string, unknown> = { ...params };
  const declared = new Map((route.query ?? []).map((q) => [q.name, q]));
  const unknown = [...new Set(url.searchParams.keys())].filter((name) => !declared.has(name));
  if (unknown.length) {
    const errors = unknown.map((name) => ({
      parameter: name,
      detail: `Unknown query parameter "${name.slice(0, 64)}"`,
    }));
    return { ok: false, refusal: { kind: "invalid-query", errors } };
  }
  for (const [name, q] of declared) {
    const values = url.searchParams.getAll(name);
    if (values.length) input[q.key] = fromQuery(q.kind, values);
  }

  let expectedVersion: number | undefined;
  if (route.ifMatch) {
    const ifMatch = parseIfMatch(headers.get("if-match"));
    if (!ifMatch.ok) return { ok: false, refusal: { kind: "invalid-if-match" } };
    expectedVersion = ifMatch.version;
    if (expectedVersion !== undefined) input.expectedVersion = expectedVersion;
  }

  if (!route.body) return { ok: true, input, expectedVersion };
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(body));
  } catch {
    return {
      ok: false,
      refusal: { kind: "invalid-json", detail: "The request body is not JSON (UTF-8)" },
    };
  }
  if (route.body.at.length === 0) {
    // The body is the whole input: it may not also carry what the path says.
    return { ok: true, input: parsed, expectedVersion };
  }
  input.data = parsed;
  return { ok: true, input, expectedVersion };
}

/**
 * Where an issue of the procedure's input is in the request: a JSON Pointer into the body, a
 * path or query parameter, or the If-Match header.
 */
export function locateIssue(route: RestRoute, issue: ErrorIssue): ProblemError {
  const [first, ...rest] = issue.path;
  const detail = issue.message;
  if (typeof first === "string") {
    if (route.pathParams?.includes(first)) return { parameter: first, detail };
    const query = route.query?.find((q) => q.key === first);
    if (query) return { parameter: query.name, detail };
    if (first === "expectedVersion" && route.ifMatch) return { header: "If-Match", detail };
    if (route.body?.at.length && first === route.body.at[0]) return { pointer: toJsonPointer(rest), detail };
  }
  return { pointer: toJsonPointer(issue.path), detail };
}

/** A problem's detail for these errors: the first, where it is, and how many more. */
export function summarizeProblemErrors(errors: readonly ProblemError[], fallback: string): string {
  const first = errors[0];
  if (!first) return fallback;
  const where =
    first.pointer !== undefined
      ? `${first.pointer || "(body)"}: `
      : first.parameter !== undefined
        ? `${first.parameter}: `
        : first.header !== undefined
          ? `${first.header}: `
          : "";
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return `${where}${first.detail}${more}`;
}
