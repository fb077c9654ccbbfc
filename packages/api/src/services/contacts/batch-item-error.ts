import { type BatchItemError, toErrorIssues } from "@contacts/contracts";
import { ZodError } from "zod";
import { databaseDomainError } from "../../database-errors";
import { DomainError, ValidationError } from "../../errors";

/**
 * What a failed item of a batch reports: the code, message, issues and details it would
 * have had as a single call. Anything else is our bug: its words stay on the server.
 */
export function toBatchItemError(thrown: unknown): BatchItemError | null {
  // A lock timeout or an unavailable database is the item's CONFLICT or SERVICE_UNAVAILABLE.
  const err = databaseDomainError(thrown) ?? thrown;
  if (err instanceof ZodError) {
    const issues = toErrorIssues(err.issues);
    return { code: "BAD_REQUEST", message: summarizeIssues(issues), issues };
  }
  if (err instanceof ValidationError) {
    return { code: err.code, message: summarizeIssues(err.issues), issues: err.issues };
  }
  if (err instanceof DomainError) {
    return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  }
  return null;
}

function summarizeIssues(issues: { path: (string | number)[]; message: string }[]): string {
  const first = issues[0];
  if (!first) return "Invalid input";
  const where = first.path.length ? `${first.path.join(".")}: ` : "";
  return `${where}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`;
}
