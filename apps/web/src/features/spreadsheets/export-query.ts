import type { ListContactsInputRaw } from "@contacts/contracts";

/** The export's address: GET /api/contacts/export (app/api/contacts/export/route.ts). */
export const EXPORT_PATH = "/api/contacts/export";

type ExportFilter = Pick<ListContactsInputRaw, "search" | "tags" | "companyId" | "blocked">;

/**
 * The list page's filters in the export's query string, and back: `search`, `tag`
 * (repeatable), `companyId`, `blocked=true|false`. One home for both ends.
 */
export function exportHref(filter: ExportFilter): string {
  const params = new URLSearchParams();
  if (filter.search) params.set("search", filter.search);
  for (const tag of filter.tags ?? []) params.append("tag", tag);
  if (filter.companyId) params.set("companyId", filter.companyId);
  if (filter.blocked !== undefined) params.set("blocked", String(filter.blocked));
  const query = params.toString();
  return query ? `${EXPORT_PATH}?${query}` : EXPORT_PATH;
}

export function exportFilter(params: URLSearchParams): ExportFilter {
  const tags = params.getAll("tag").filter((t) => t.trim() !== "");
  const blocked = params.get("blocked");
  return {
    search: params.get("search") ?? undefined,
    tags: tags.length ? tags : undefined,
    companyId: params.get("companyId") || undefined,
    blocked: blocked === "true" ? true : blocked === "false" ? false : undefined,
  };
}
