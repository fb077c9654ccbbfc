import { ERROR_REASONS, ErrorDetails, type ErrorReason } from "@contacts/contracts";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z } from "zod";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
/** Where the problem types live: a stable identifier per reason, documented in docs/api.md. */
export const PROBLEM_TYPE_BASE = "https://contacts.dev/problems/";

/** `STALE_VERSION` → `https://contacts.dev/problems/stale-version`. */
export const problemTypeOf = (reason: ErrorReason) =>
  `${PROBLEM_TYPE_BASE}${reason.toLowerCase().replaceAll("_", "-")}`;

/** `STALE_VERSION` → "Stale version": the same title for every problem of a type (RFC 9457 §3.1.3). */
export const problemTitleOf = (reason: ErrorReason) => {
  const words = reason.toLowerCase().replaceAll("_", " ");
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
};

/** One problem with the request: where (a JSON Pointer into the body, a parameter or a header) and what. */
export const ProblemError = z.object({
  detail: z.string(),
  /** RFC 6901 JSON Pointer into the request body, e.g. `/connections/1/company/id`. */
  pointer: z.string().optional(),
  /** A path or query parameter, e.g. `limit`. */
  parameter: z.string().optional(),
  /** A request header, e.g. `If-Match`. */
  header: z.string().optional(),
});
export type ProblemError = z.infer<typeof ProblemError>;

/** RFC 9457 problem details, with the API's reason and issues as extensions. */
export const Problem = z.object({
  type: z.string().describe(`${PROBLEM_TYPE_BASE}<reason in kebab case>, one per reason`),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.string().describe("The request's path"),
  /** The tRPC code the same failure has on /api/trpc, e.g. "CONFLICT". */
  code: z.string(),
  reason: z.enum(ERROR_REASONS),
  errors: z.array(ProblemError).optional(),
  details: ErrorDetails.optional(),
});
export type Problem = z.infer<typeof Problem>;

export interface ProblemInput {
  code: TRPC_ERROR_CODE_KEY;
  reason: ErrorReason;
  detail: string;
  instance: string;
  errors?: ProblemError[];
  details?: ErrorDetails;
  headers?: Record<string, string>;
}

/** An error answered as `application/problem+json`, its status the tRPC code's own. */
export function problemResponse(p: ProblemInput): Response {
  const status = getHTTPStatusCodeFromError(new TRPCError({ code: p.code }));
  const body: Problem = {
    type: problemTypeOf(p.reason),
    title: problemTitleOf(p.reason),
    status,
    detail: p.detail,
    instance: p.instance,
    code: p.code,
    reason: p.reason,
    ...(p.errors?.length ? { errors: p.errors } : {}),
    ...(p.details ? { details: p.details } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...p.headers, "content-type": PROBLEM_CONTENT_TYPE },
  });
}
