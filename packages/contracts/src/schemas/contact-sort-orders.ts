/**
 * The orders a list can be read in, as plain data: the list page reads them from its URL
 * without loading zod (the schemas that check them are in list-contacts.ts). `created` (by id,
 * UUIDv7) is the default; each has the direction people expect first: newest first for times,
 * A to Z for names.
 */
export const CONTACT_SORTS = ["created", "name", "company", "updated"] as const;
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export const DEFAULT_SORT_DIRECTION = {
  created: "desc",
  name: "asc",
  company: "asc",
  updated: "desc",
} as const satisfies Record<(typeof CONTACT_SORTS)[number], (typeof SORT_DIRECTIONS)[number]>;
