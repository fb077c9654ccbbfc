import type { BatchItemError } from "@contacts/contracts";
import { databaseDomainError } from "../../database-errors";
import { DomainError, issuesAt, ValidationError } from "../../errors";

/**
 * What a failed item of a batch reports: the code, reason, message, issues and details it
 * would have had as a single call (issue paths relative to the item). A lock timeout or an
 * unavailable database is the item's CONFLICT or SERVICE_UNAVAILABLE. Anything else is our
 * bug: its words stay on the server.
 */
export function toBatchItemError(thrown: unknown): BatchItemError | null {
  const error = issuesAt([], databaseDomainError(thrown) ?? thrown);
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
