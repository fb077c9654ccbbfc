import { expect } from "vitest";
import type { z } from "zod";
import {
  type ContactField,
  CreateContactRequest,
  type ErrorIssue,
  ErrorIssue as ErrorIssueSchema,
  toErrorIssues,
  UpdateContactInput,
} from "../../src";

/** A message a person can read: a sentence-like text, not a code, an object dump or "undefined". */
export function expectReadable(message: string): void {
  expect(message).toMatch(/^[A-Z][^\n]{6,}$/);
  expect(message).not.toMatch(/\[object |\b(?:invalid_[a-z]+|too_big|too_small|unrecognized_keys)\b/);
}

/** The value a schema produces, failing the test with the issues when it rejects. */
export function accept<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new Error(
      `expected ${JSON.stringify(input)} to be accepted: ${JSON.stringify(toErrorIssues(result.error.issues))}`,
    );
  }
  return result.data;
}

/** The wire issues (docs/api.md §7) of a rejected input; each checked for shape and readability. */
export function reject(schema: z.ZodType, input: unknown): ErrorIssue[] {
  const result = schema.safeParse(input);
  if (result.success) {
    throw new Error(`expected ${JSON.stringify(input)} to be rejected, got ${JSON.stringify(result.data)}`);
  }
  const issues = toErrorIssues(result.error.issues);
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(ErrorIssueSchema.safeParse(issue).success).toBe(true);
    expectReadable(issue.message);
  }
  return issues;
}

const CONTACT_ID = "ct_1";

/** Create needs an identity field; use one other than the field under test. */
function withIdentity(field: ContactField, value: unknown): Record<string, unknown> {
  const identity = field === "lastName" ? { firstName: "Ada" } : { lastName: "Lovelace" };
  return { ...identity, [field]: value };
}

/**
 * Sets one field through `contact.update`'s input and through CreateContactRequest, checks both
 * store the same value (docs/api.md §5: the same rules for create and update), and returns it.
 */
export function acceptField(field: ContactField, value: unknown): unknown {
  const update = accept(UpdateContactInput, { id: CONTACT_ID, data: { [field]: value } });
  expect(Object.keys(update.data)).toEqual([field]);
  const create = accept(CreateContactRequest, withIdentity(field, value));
  expect(create[field]).toEqual(update.data[field]);
  return update.data[field];
}

/**
 * Sets one field to a bad value through update and create; both must reject it with the same
 * issues, pointing into that field. Returns the update's issues (paths start at "data").
 */
export function rejectField(field: ContactField, value: unknown): ErrorIssue[] {
  const update = reject(UpdateContactInput, { id: CONTACT_ID, data: { [field]: value } });
  for (const issue of update) expect(issue.path.slice(0, 2)).toEqual(["data", field]);
  const create = reject(CreateContactRequest, withIdentity(field, value));
  expect(create).toEqual(update.map((issue) => ({ ...issue, path: issue.path.slice(1) })));
  return update;
}

/** The one issue of a rejected field value. */
export function rejectFieldOnce(field: ContactField, value: unknown): ErrorIssue {
  const issues = rejectField(field, value);
  expect(issues).toHaveLength(1);
  return issues[0]!;
}
