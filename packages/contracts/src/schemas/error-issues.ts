import { z } from "zod";

/** One problem with the input, as sent in `error.data.issues` (docs/api.md §7). */
export const ErrorIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/** Longer than any real field name: a longer unknown key is cut short in the message (not in the path). */
const KEY_IN_MESSAGE_MAX = 64;

/**
 * Flattens zod issues into `{ path, message }`. An unknown key becomes an issue at that key's
 * own path, so a client can point at the typo (docs/api.md §4.3).
 */
export function toErrorIssues(issues: readonly z.core.$ZodIssue[]): ErrorIssue[] {
  return issues.flatMap((issue): ErrorIssue[] => {
    const path = issue.path.map((key) => (typeof key === "number" ? key : String(key)));
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const shown = key.length > KEY_IN_MESSAGE_MAX ? `${key.slice(0, KEY_IN_MESSAGE_MAX)}…` : key;
        return { path: [...path, key], message: `Unknown field "${shown}"` };
      });
    }
    return [{ path, message: issue.message }];
  });
}

/** The message of an error with these issues: the first one, where it is, and how many more. */
export function summarizeIssues(issues: readonly ErrorIssue[]): string {
  const first = issues[0];
  if (!first) return "Invalid input";
  const where = first.path.length ? `${first.path.join(".")}: ` : "";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `${where}${first.message}${more}`;
}
