import type { ErrorIssue } from "@contacts/contracts";

/**
 * Domain errors: services throw these and know nothing of tRPC or HTTP. `trpc.ts` maps each
 * `code` to the tRPC error of the same name, in one place.
 */
export abstract class DomainError extends Error {
  abstract readonly code:
    | "BAD_REQUEST"
    | "NOT_FOUND"
    | "CONFLICT"
    | "UNAUTHORIZED"
    | "FORBIDDEN"
    | "SERVICE_UNAVAILABLE";
  /** Extra machine-readable facts for `error.data` (e.g. the contact holding a reference). */
  readonly details?: Record<string, unknown>;
  /** A stable machine-readable reason for `error.data.reason`, e.g. "LOCK_TIMEOUT". */
  readonly reason?: string;
}

export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND";
  constructor(entity: string) {
    super(`${entity} not found`);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends DomainError {
  readonly code = "CONFLICT";
  constructor(
    message: string,
    override readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

/** Input that is well-formed but breaks a rule only the database can check. */
export class ValidationError extends DomainError {
  readonly code = "BAD_REQUEST";
  constructor(readonly issues: ErrorIssue[]) {
    super(issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "));
    this.name = "ValidationError";
  }
}

export class UnauthorizedError extends DomainError {
  readonly code = "UNAUTHORIZED";
  constructor(message = "Missing or invalid credentials") {
    super(message);
    this.name = "UnauthorizedError";
  }
}
