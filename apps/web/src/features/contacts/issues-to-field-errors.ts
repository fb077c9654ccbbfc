import type { ErrorIssue } from "@contacts/contracts";

/** Errors by field path ("phone", "connections.1.company.id"), as the form shows them. */
export type FieldErrors = Record<string, string[]>;

/**
 * Maps `error.data.issues` to form paths: the leading "data" of contact.update is dropped, so
 * ["data","connections",1,"company","id"] and create's ["connections",1,"company","id"] both
 * land at "connections.1.company.id".
 */
export function issuesToFieldErrors(
  issues: readonly ErrorIssue[],
  prefix: readonly string[] = [],
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const path = prefix.every((p, i) => issue.path[i] === p) ? issue.path.slice(prefix.length) : issue.path;
    const key = path.join(".");
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

/** Messages at exactly this path. */
export const errorsAt = (errors: FieldErrors, path: string): string[] => errors[path] ?? [];

/** Messages at this path or below it (e.g. a connection row and its company id). */
export function errorsUnder(errors: FieldErrors, path: string): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .flatMap(([, messages]) => messages);
}

/** Messages whose path names no field of the form: shown at the top of it. */
export function errorsOutside(errors: FieldErrors, fields: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => !fields.some((f) => key === f || key.startsWith(`${f}.`)))
    .flatMap(([key, messages]) => messages.map((m) => (key ? `${key}: ${m}` : m)));
}
