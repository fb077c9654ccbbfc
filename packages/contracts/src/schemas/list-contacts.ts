import { z } from "zod";
import { Id } from "../fields/id";
import { Tag } from "../fields/tags";
import { IdCursor, PageLimit } from "./pagination";

export const SEARCH_MAX = 200;
export const TAG_FILTER_MAX = 20;

/** Empty search means no search: a cleared search box must not filter anything out. */
const Search = z
  .string()
  .trim()
  .max(SEARCH_MAX, `At most ${SEARCH_MAX} characters`)
  .transform((s) => (s === "" ? undefined : s));

export const ListContactsInput = z
  .strictObject({
    search: Search.optional(),
    tags: z.array(Tag).max(TAG_FILTER_MAX, `At most ${TAG_FILTER_MAX} tags`).optional(),
    companyId: Id.optional(),
    blocked: z.boolean().optional(),
    /** The bin instead: deleted contacts, newest deletion first; no other filter applies. */
    deleted: z.boolean().optional(),
    limit: PageLimit,
    cursor: IdCursor,
  })
  .superRefine((input, ctx) => {
    if (input.deleted !== true) return;
    for (const key of ["search", "tags", "companyId", "blocked"] as const) {
      if (input[key] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "The bin (deleted: true) is listed without filters",
        });
      }
    }
  });
export type ListContactsInput = z.output<typeof ListContactsInput>;
export type ListContactsInputRaw = z.input<typeof ListContactsInput>;
