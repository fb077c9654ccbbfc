import {
  type ApiKeyScope,
  type ErrorDetails,
  type ErrorIssue,
  type ErrorReason,
  type Role,
  reasonOfIssues,
  summarizeIssues,
  toErrorIssues,
} from "@contacts/contracts";
import { ZodError } from "zod";

/**
 * Domain errors: services throw these and know nothing of tRPC or HTTP. `trpc.ts` maps each
 * `code` to the tRPC error of the same name, in one place; `reason` goes to the wire as
 * `error.data.reason` (docs/api.md lists them).
 */
export abstract class DomainError extends Error {
  abstract readonly code:
    | "BAD_REQUEST"
    | "NOT_FOUND"
    | "CONFLICT"
    | "UNAUTHORIZED"
    | "FORBIDDEN"
    | "TOO_MANY_REQUESTS"
    | "SERVICE_UNAVAILABLE";
  abstract readonly reason: ErrorReason;
  /** Extra machine-readable facts for `error.data` (e.g. the contact holding a reference). */
  readonly details?: ErrorDetails;
}

const NOT_FOUND_REASONS = {
  Contact: "CONTACT_NOT_FOUND",
  Company: "COMPANY_NOT_FOUND",
  "API key": "API_KEY_NOT_FOUND",
  Workspace: "WORKSPACE_NOT_FOUND",
  Webhook: "WEBHOOK_NOT_FOUND",
  User: "USER_NOT_FOUND",
  Invite: "INVITE_NOT_FOUND",
  "Webhook delivery": "WEBHOOK_DELIVERY_NOT_FOUND",
} as const satisfies Record<string, ErrorReason>;

export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND";
  readonly reason: ErrorReason;
  /** `name` words the message when the entity alone does not (`Workspace "acme"`). */
  constructor(entity: keyof typeof NOT_FOUND_REASONS, name: string = entity) {
    super(`${name} not found`);
    this.name = "NotFoundError";
    this.reason = NOT_FOUND_REASONS[entity];
  }
}

export class ConflictError extends DomainError {
  readonly code = "CONFLICT";
  constructor(
    readonly reason: ErrorReason,
    message: string,
    override readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

/** Input that breaks a rule: the contract's own (`INVALID_INPUT`) or one only the database can check. */
export class ValidationError extends DomainError {
  readonly code = "BAD_REQUEST";
  constructor(
    readonly issues: ErrorIssue[],
    readonly reason: ErrorReason = "INVALID_INPUT",
  ) {
    super(summarizeIssues(issues));
    this.name = "ValidationError";
  }

  /** The same error with every issue's path under `prefix` (where the data sits in the input). */
  at(prefix: readonly (string | number)[]): ValidationError {
    return new ValidationError(
      this.issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })),
      this.reason,
    );
  }
}

export class UnauthorizedError extends DomainError {
  readonly code = "UNAUTHORIZED";
  readonly reason = "UNAUTHENTICATED";
  constructor(message = "Missing or invalid credentials") {
    super(message);
    this.name = "UnauthorizedError";
  }
}

export class ForbiddenError extends DomainError {
  readonly code = "FORBIDDEN";
  constructor(
    readonly reason: ErrorReason,
    message: string,
  ) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/**
 * An API key calling beyond its scopes, a person beyond their role's, or minting a key with a
 * scope the caller lacks.
 */
export class MissingScopeError extends DomainError {
  readonly code = "FORBIDDEN";
  readonly reason = "MISSING_SCOPE";
  override readonly details: ErrorDetails;
  constructor(
    readonly scope: ApiKeyScope,
    role?: Role,
  ) {
    super(
      role
        ? `Your role "${role}" lacks the scope "${scope}"; ask an admin of your workspace`
        : `This API key lacks the scope "${scope}"`,
    );
    this.name = "MissingScopeError";
    this.details = { scope };
  }
}

/** Too many failed password checks for one person (the sign-in throttle's budget). */
export class PasswordGuessesError extends DomainError {
  readonly code = "TOO_MANY_REQUESTS";
  readonly reason = "RATE_LIMITED";
  constructor(message: string) {
    super(message);
    this.name = "PasswordGuessesError";
  }
}

/** A person's own account (their password, their sessions) called with an API key. */
export class SessionRequiredError extends DomainError {
  readonly code = "FORBIDDEN";
  readonly reason = "SESSION_REQUIRED";
  constructor() {
    super("Only a signed-in person has an account to manage; an API key has none");
    this.name = "SessionRequiredError";
  }
}

/**
 * The one helper that puts issue paths where the data sits in a procedure's input: services
 * report paths relative to the contact data they were given (`["connections", 1, …]`), and
 * the caller says where that is: `["data"]` for update and upsert, `["items", 3]` for an
 * atomic batch, nothing for create. A zod error becomes a ValidationError on the way.
 */
export function issuesAt(prefix: readonly (string | number)[], err: unknown): unknown {
  if (err instanceof ZodError) {
    return new ValidationError(toErrorIssues(err.issues), reasonOfIssues(err.issues)).at(prefix);
  }
  if (err instanceof ValidationError) return err.at(prefix);
  return err;
}

/** Runs `work`, its validation errors' paths put under `prefix` (see `issuesAt`). */
export async function withIssuesAt<T>(
  prefix: readonly (string | number)[],
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw issuesAt(prefix, err);
  }
}
