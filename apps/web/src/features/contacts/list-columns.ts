import type { Contact } from "@contacts/contracts";

/** The optional columns of the contact list, beside the name that is always shown. */
export const LIST_COLUMNS = [
  { key: "email", label: "Email" },
  { key: "phone", label: "Phone" },
  { key: "company", label: "Company" },
  { key: "title", label: "Title" },
  { key: "tags", label: "Tags" },
  { key: "updated", label: "Updated" },
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number]["key"];

export const DEFAULT_COLUMNS: readonly ListColumn[] = ["email", "company", "title", "tags"];

/**
 * Columns are a person's preference, not part of a view: they are kept in this browser
 * (localStorage), so a shared link shows the recipient's own columns.
 */
export const COLUMNS_STORAGE_KEY = "contacts.list.columns";

export function readStoredColumns(raw: string | null): ListColumn[] {
  if (!raw) return [...DEFAULT_COLUMNS];
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed)) return [...DEFAULT_COLUMNS];
    return LIST_COLUMNS.map((c) => c.key).filter((k) => parsed.includes(k));
  } catch {
    return [...DEFAULT_COLUMNS];
  }
}

const primaryOf = (c: Contact) => c.connections.find((x) => x.primary);

export function cellText(c: Contact, column: ListColumn): string {
  switch (column) {
    case "email":
      return c.email ?? "";
    case "phone":
      return c.phone ?? "";
    case "company":
      return primaryOf(c)?.company.name ?? "";
    case "title":
      return primaryOf(c)?.jobTitle ?? "";
    case "tags":
      return c.tags.join(" · ");
    case "updated":
      return new Date(c.updatedAt).toLocaleDateString("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
      });
  }
}
