import { CONTACT_FIELD_LABELS } from "@contacts/contracts/schemas/contact-field-kinds";

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
