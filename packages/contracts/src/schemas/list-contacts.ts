import { z } from "zod";
import { Id } from "../fields/id";
import { Tag } from "../fields/tags";
import { CONTACT_SORTS, SORT_DIRECTIONS } from "./contact-sort-orders";
import { Cursor, PageLimit } from "./pagination";

export const SEARCH_MAX = 200;
export const TAG_FILTER_MAX = 20;
/** contact.count stops counting here and answers `capped: true` ("10,000+"). */
export const CONTACT_COUNT_CAP = 10_000;

/** Empty search means no search: a cleared search box must not filter anything out. */
const Search = z
  .string()
  .trim()
  .max(SEARCH_MAX, `At most ${SEARCH_MAX} characters`)
  .transform((s) => (s === "" ? undefined : s));

export const ContactSort = z.enum(CONTACT_SORTS);
export type ContactSort = z.infer<typeof ContactSort>;
export const SortDirection = z.enum(SORT_DIRECTIONS);
export type SortDirection = z.infer<typeof SortDirection>;

/** The filters shared by contact.list and contact.count (docs/api.md §6.3). */
const contactFilterFields = {
  search: Search.optional(),
  /** Prefixes, case-insensitive; a contact must carry a tag starting with each of them. */
  tags: z.array(Tag).max(TAG_FILTER_MAX, `At most ${TAG_FILTER_MAX} tags`).optional(),
  companyId: Id.optional(),
  blocked: z.boolean().optional(),
};

export const ListContactsInput = z
  .strictObject({
    ...contactFilterFields,
    /** The bin instead: deleted contacts, newest deletion first; no other filter applies. */
    deleted: z.boolean().optional(),
    sort: ContactSort.default("created"),
    /** Omitted: the sort's own default (DEFAULT_SORT_DIRECTION). */
    direction: SortDirection.optional(),
    limit: PageLimit,
    /** Opaque; carries the sort it was made for, and only that sort accepts it. */
    cursor: Cursor,
  })
  .superRefine((input, ctx) => {
    if (input.deleted !== true) return;
    for (const key of ["search", "tags", "companyId", "blocked", "sort", "direction"] as const) {
      if (input[key] !== undefined && !(key === "sort" && input.sort === "created")) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "The bin (deleted: true) is listed without filters or sorts",
        });
      }
    }
  });
export type ListContactsInput = z.output<typeof ListContactsInput>;
export type ListContactsInputRaw = z.input<typeof ListContactsInput>;

export const CountContactsInput = z.strictObject(contactFilterFields);
export type CountContactsInput = z.output<typeof CountContactsInput>;
export type CountContactsInputRaw = z.input<typeof CountContactsInput>;

/** How many live contacts match; at most CONTACT_COUNT_CAP, `capped` when there are more. */
export const ContactCount = z.object({ total: z.number().int().min(0), capped: z.boolean() });
export type ContactCount = z.infer<typeof ContactCount>;
