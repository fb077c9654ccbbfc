import type { ContactSort, ListContactsInputRaw, SortDirection } from "@contacts/contracts";
import { CONTACT_SORTS, DEFAULT_SORT_DIRECTION } from "@contacts/contracts/schemas/contact-sort-orders";
import type { RouterOutputs } from "@/lib/trpc";

/**
 * What the contact list shows, as it lives in the URL query (docs/decisions.md "The list's
 * view is its URL"): `q`, `tag` (repeated), `company`, `blocked`, `sort`, `dir`, `cursor` and
 * `page`, the page number shown beside the total (the cursor alone is the position).
 */
/** Contacts per page of the list (the server's first render reads the same page). */
export const LIST_PAGE = 50;

/**
 * The first page and total of a view as the server read them while rendering the page
 * (server/first-list-page.ts), for the input whose JSON is `key`.
 */
export interface InitialListPage {
  key: string;
  list: RouterOutputs["contact"]["list"];
  count: RouterOutputs["contact"]["count"];
}

export interface ListView {
  search: string;
  tags: string[];
  companyId: string | null;
  blocked: "any" | "yes" | "no";
  sort: ContactSort;
  direction: SortDirection;
  cursor: string | null;
  page: number;
}

type Params = { get(name: string): string | null; getAll(name: string): string[] };

export function readListView(params: Params): ListView {
  const sort = CONTACT_SORTS.find((s) => s === params.get("sort")) ?? "created";
  const dir = params.get("dir");
  const blocked = params.get("blocked");
  const page = Number(params.get("page"));
  return {
    search: params.get("q") ?? "",
    tags: params.getAll("tag").filter((t) => t.trim() !== ""),
    companyId: params.get("company") || null,
    blocked: blocked === "yes" || blocked === "no" ? blocked : "any",
    sort,
    direction: dir === "asc" || dir === "desc" ? dir : DEFAULT_SORT_DIRECTION[sort],
    cursor: params.get("cursor") || null,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The query string of a view; defaults are left out, so a plain list is a plain /contacts. */
export function writeListView(view: ListView): string {
  const q = new URLSearchParams();
  if (view.search.trim()) q.set("q", view.search.trim());
  for (const tag of view.tags) q.append("tag", tag);
  if (view.companyId) q.set("company", view.companyId);
  if (view.blocked !== "any") q.set("blocked", view.blocked);
  if (view.sort !== "created") q.set("sort", view.sort);
  if (view.direction !== DEFAULT_SORT_DIRECTION[view.sort]) q.set("dir", view.direction);
  if (view.cursor) {
    q.set("cursor", view.cursor);
    q.set("page", String(view.page));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The filters of contact.count (and contact.list's, without order and position). */
export function filtersOf(view: ListView) {
  return {
    search: view.search.trim() || undefined,
    tags: view.tags.length ? view.tags : undefined,
    companyId: view.companyId ?? undefined,
    blocked: view.blocked === "any" ? undefined : view.blocked === "yes",
  };
}

export function listInputOf(view: ListView, limit: number): ListContactsInputRaw {
  return { ...filtersOf(view), sort: view.sort, direction: view.direction, cursor: view.cursor, limit };
}

/** "esg, nordic" → ["esg", "nordic"]: the tag filter box holds prefixes separated by commas. */
export const parseTagPrefixes = (text: string) =>
  text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
