import { type ErrorIssue, toErrorIssues } from "@contacts/contracts";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { ZodError } from "zod";
import type { Actor } from "../../src/actor";
import { DomainError, ValidationError } from "../../src/errors";
import { createCaller } from "../../src/root";
import { createContextInner } from "../../src/trpc";
import type { Harness } from "./harness";

export type Caller = ReturnType<typeof createCaller>;
type ErrorCode = TRPCError["code"];

/**
 * Awaits a call that must fail with a TRPCError of `code` and returns it. `createCaller`
 * skips the error formatter, so tests look at the error and its cause directly.
 */
export async function expectTRPCError(call: Promise<unknown>, code: ErrorCode): Promise<TRPCError> {
  let caught: unknown;
  try {
    await call;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a ${code} TRPCError, the call succeeded`).toBeDefined();
  expect(caught).toBeInstanceOf(TRPCError);
  const error = caught as TRPCError;
  expect({ code: error.code, message: error.message }).toMatchObject({ code });
  return error;
}

/**
 * The `{ path, message }` issues a BAD_REQUEST carries, as the error formatter would send them
 * in `error.data.issues`: from the zod cause (input parsing) or the domain ValidationError.
 */
export function issuesOf(error: TRPCError): ErrorIssue[] {
  const cause = error.cause;
  if (cause instanceof ZodError) return toErrorIssues(cause.issues);
  if (cause instanceof ValidationError) return cause.issues;
  throw new Error(`BAD_REQUEST without zod or validation cause: ${String(cause)}`);
}

/** Asserts a BAD_REQUEST and returns its issues' paths. */
export async function badRequestPaths(call: Promise<unknown>): Promise<(string | number)[][]> {
  const error = await expectTRPCError(call, "BAD_REQUEST");
  const issues = issuesOf(error);
  expect(issues.length).toBeGreaterThan(0);
  return issues.map((i) => i.path);
}

/** The domain error behind a TRPCError (CONFLICT, NOT_FOUND, ValidationError…). */
export function domainCauseOf(error: TRPCError): DomainError {
  expect(error.cause).toBeInstanceOf(DomainError);
  return error.cause as DomainError;
}

/** Everything an update could touch: the stored contact and its whole history. */
export async function snapshot(caller: Caller, id: string) {
  const contact = await caller.contact.get({ id });
  const history = await caller.contact.history({ id, limit: 200 });
  return { contact, history: history.items };
}

/** A caller in the same workspace acting as someone else (history records who). */
export function callerAs(h: Harness, actor: Actor): Caller {
  return createCaller(createContextInner({ db: h.db, actor }));
}

/** Timestamps have millisecond precision: wait long enough that "moved" is observable. */
export const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

export const existing = (id: string) => ({ kind: "existing" as const, id });
