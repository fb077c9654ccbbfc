import { LANGUAGES } from "@contacts/contracts/fields/languages";

// Apart from field-labels.ts: the language names (iso-639-1, ~3 kB gzip) come only with what
// shows values (history, conflicts, the language picker), not with every form.
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
