import { CONTACT_FIELD_LABELS, LANGUAGES } from "@contacts/contracts";

/** What people call each field, as the contract declares it. */
export const FIELD_LABELS: Readonly<Record<string, string>> = CONTACT_FIELD_LABELS;

/** The keys lifecycle entries of history carry besides fields (docs/api.md §6.13–6.16). */
const LIFECYCLE_LABELS: Readonly<Record<string, string>> = {
  deletedAt: "Deleted",
  mergedInto: "Merged into",
  mergedFrom: "Merged from",
  erasedAt: "Erased",
};

export const fieldLabel = (field: string) => FIELD_LABELS[field] ?? LIFECYCLE_LABELS[field] ?? field;

const languageNames = new Map(LANGUAGES.map((l) => [l.code, l.name]));
export const languageName = (code: string) => languageNames.get(code) ?? code;

/** A stored value (as contact.history and Contact carry it) in words. */
export function formatFieldValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return "(empty)";
  if (Array.isArray(value)) {
    if (value.length === 0) return "(empty)";
    if (field === "connections") {
      return value
        .map(
          (c: { company?: { name?: string; id?: string }; jobTitle?: string | null; primary?: boolean }) => {
            const name = c.company?.name ?? c.company?.id ?? "?";
            return `${name}${c.jobTitle ? ` (${c.jobTitle})` : ""}${c.primary ? " — primary" : ""}`;
          },
        )
        .join("; ");
    }
    if (field === "externalRefs") {
      return value.map((r: { namespace?: string; id?: string }) => `${r.namespace}:${r.id}`).join(", ");
    }
    return value.map(String).join(", ");
  }
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (field === "primaryLanguage" && typeof value === "string") return `${languageName(value)} (${value})`;
  return String(value);
}
