import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";

/**
 * An error answered around tRPC (body limit, idempotency, CSRF, methods tRPC does not serve),
 * in tRPC's own shape with its code numbers and statuses, so clients read one format.
 */
export function errorBody(code: TRPC_ERROR_CODE_KEY, message: string, procedure: string) {
  const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code }));
  return {
    httpStatus,
    body: {
      error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus, path: procedure } },
    },
  };
}

export function errorResponse(code: TRPC_ERROR_CODE_KEY, message: string, procedure: string): Response {
  const { httpStatus, body } = errorBody(code, message, procedure);
  return Response.json(body, { status: httpStatus });
}
