import { z } from "zod";

export const PAGE_LIMIT_MAX = 200;
export const PAGE_LIMIT_DEFAULT = 50;

export const PageLimit = z
  .int("Must be a whole number")
  .min(1, "At least 1")
  .max(PAGE_LIMIT_MAX, `At most ${PAGE_LIMIT_MAX}`)
  .default(PAGE_LIMIT_DEFAULT);

const NOT_A_CURSOR = "Not a cursor this API handed out";

/** An opaque cursor handed out as `nextCursor`; only ever pass one back unchanged. */
export const Cursor = z.string().min(1, NOT_A_CURSOR).max(500, NOT_A_CURSOR).nullish();

/**
 * The cursor of pages keyed by id (contacts, history entries): the last id of the page, a
 * UUID. Anything else is refused as the caller's error rather than compared as text.
 */
export const IdCursor = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, NOT_A_CURSOR)
  .nullish();

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
