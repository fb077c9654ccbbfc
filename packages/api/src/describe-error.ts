import {
  type ErrorDetails,
  type ErrorIssue,
  type ErrorReason,
  reasonForCode,
  reasonOfIssues,
  summarizeIssues,
  toErrorIssues,
} from "@contacts/contracts";
import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { DomainError, ValidationError } from "./errors";

/** What a caller is told about an error, whichever way in it came (tRPC or REST). */
export interface ErrorDescription {
  message: string;
  reason: ErrorReason;
  issues?: ErrorIssue[];
  details?: ErrorDetails;
}

/**
 * The one reading of a procedure's error: the tRPC error formatter (trpc.ts) and the REST
 * layer (rest/) both answer with it, so the two ways in never disagree on a message, a
 * reason or an issue. Zod issues are shown only for BAD_REQUEST: an output validation
 * failure is our bug, not the caller's.
 */
export function describeError(error: TRPCError): ErrorDescription {
  const cause = error.cause;
  const issues =
    error.code !== "BAD_REQUEST"
      ? undefined
      : cause instanceof ZodError
        ? toErrorIssues(cause.issues)
        : cause instanceof ValidationError
          ? cause.issues
          : undefined;
  const details = cause instanceof DomainError ? cause.details : undefined;
  const internal = error.code === "INTERNAL_SERVER_ERROR";
  // A domain error or a rule names its own reason; anything else gets its code's most general one.
  const reason: ErrorReason = internal
    ? "INTERNAL_ERROR"
    : cause instanceof DomainError
      ? cause.reason
      : cause instanceof ZodError && error.code === "BAD_REQUEST"
        ? reasonOfIssues(cause.issues)
        : cause instanceof SyntaxError
          ? "INVALID_JSON"
          : reasonForCode(error.code);
  return {
    // An internal error's message could carry SQL or a driver's words: never send it.
    message: internal ? "Internal server error" : issues ? summarizeIssues(issues) : error.message,
    reason,
    ...(issues ? { issues } : {}),
    ...(details ? { details } : {}),
  };
}
