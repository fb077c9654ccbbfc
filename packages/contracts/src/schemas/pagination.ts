import { z } from "zod";

export const PAGE_LIMIT_MAX = 200;
export const PAGE_LIMIT_DEFAULT = 50;

export const PageLimit = z
  .int("Must be a whole number")
  .min(1, "At least 1")
  .max(PAGE_LIMIT_MAX, `At most ${PAGE_LIMIT_MAX}`)
  .default(PAGE_LIMIT_DEFAULT);

/** An opaque cursor handed out as `nextCursor`; only ever pass one back unchanged. */
export const Cursor = z.string().min(1).max(500).nullish();

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
