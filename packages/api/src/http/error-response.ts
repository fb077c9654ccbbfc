import { type ErrorData, type ErrorReason, reasonForCode } from "@contacts/contracts";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import type { RefuseWith } from "./api-pipeline";

/**
 * An error answered around tRPC (body limit, idempotency, CSRF, methods tRPC does not serve),
 * in tRPC's own shape with its code numbers and statuses, so clients read one format
 * (`ErrorData`, with a `reason`: the code's most general one unless a better one is given).
 */
export function errorBody(
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  procedure: string,
  reason: ErrorReason = reasonForCode(code),
) {
  const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code }));
  const data: ErrorData = { code, httpStatus, path: procedure, reason };
  return { httpStatus, body: { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data } } };
}

export function errorResponse(
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  procedure: string,
  reason?: ErrorReason,
): Response {
  const { httpStatus, body } = errorBody(code, message, procedure, reason);
  return Response.json(body, { status: httpStatus });
}

/** Refusals in tRPC's error body, for the procedure named (the pipeline's tRPC transport). */
export const trpcRefusal =
  (procedure: string): RefuseWith =>
  (code, message, reason, headers) => {
    const response = errorResponse(code, message, procedure, reason);
    for (const [name, value] of Object.entries(headers ?? {})) response.headers.set(name, value);
    return response;
  };
