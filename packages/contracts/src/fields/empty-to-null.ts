import { z } from "zod";

/** docs/api.md §4.1: an empty or whitespace-only string for a nullable text field counts as null. */
export function emptyToNull(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? null : value;
}

/** Wraps a string schema so that "" / "   " / null all mean "clear this field". */
export function nullableText<T extends z.ZodType>(schema: T) {
  return z.preprocess(emptyToNull, schema.nullable());
}
