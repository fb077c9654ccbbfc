import type { BatchItemError } from "@contacts/contracts";
import { DomainError, issuesAt, ValidationError } from "../../errors";

/**
 * What a failed item of a batch reports: the code, reason, message, issues and details it
 * would have had as a single call (issue paths relative to the item). Anything else is our
 * bug: its words stay on the server.
 */
export function toBatchItemError(err: unknown): BatchItemError | null {
  const error = issuesAt([], err);
  if (error instanceof ValidationError) {
    return { code: error.code, reason: error.reason, message: error.message, issues: error.issues };
  }
  if (error instanceof DomainError) {
    return {
      code: error.code,
      reason: error.reason,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    };
  }
  return null;
}
