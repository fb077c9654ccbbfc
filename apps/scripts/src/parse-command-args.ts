import { type ParseArgsConfig, parseArgs } from "node:util";
import type { z } from "zod";
import { UsageError } from "./usage-error";

/** `parseArgs` (strict, its default), its errors turned into usage errors. */
export function parseCommandArgs<const T extends ParseArgsConfig & { strict?: true }>(config: T) {
  try {
    return parseArgs(config);
  } catch (err) {
    if (String((err as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS_")) {
      throw new UsageError((err as Error).message);
    }
    throw err;
  }
}

/** The value of a required option, or a usage error naming it. */
export function requireOption<V>(value: V | undefined, option: string): V {
  if (value === undefined) throw new UsageError(`Missing ${option}`);
  return value;
}

/**
 * Validates arguments with a contracts schema. `labels` maps each top-level key to how the
 * operator typed it (`--slug`, `<id>`), so messages point at the argument, not a field.
 */
export function validateArgs<S extends z.ZodType>(
  schema: S,
  input: unknown,
  labels: Record<string, string>,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path[0];
    const label = typeof key === "string" ? (labels[key] ?? key) : "arguments";
    return `${label}: ${issue.message}`;
  });
  throw new UsageError(lines.join("\n"));
}
