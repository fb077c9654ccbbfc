import { z } from "zod";

export const NAMESPACE_MAX = 50;
export const EXTERNAL_ID_MAX = 255;
export const EXTERNAL_REFS_MAX = 50;

/** External system namespace (salesforce, hubspot, csv-import…): case-insensitive, stored lower-case. */
export const Namespace = z
  .string()
  .min(1, "Must not be empty")
  .max(NAMESPACE_MAX, `At most ${NAMESPACE_MAX} characters`)
  .regex(/^[A-Za-z0-9._-]+$/, "Only letters, digits, '.', '_' and '-'")
  .toLowerCase();

/** Identifier within the namespace: case-sensitive, stored as given. */
export const ExternalId = z
  .string()
  .max(EXTERNAL_ID_MAX, `At most ${EXTERNAL_ID_MAX} characters`)
  // Kept as given (ids are case- and space-sensitive), but an id of only spaces is a mistake.
  .refine((id) => id.trim() !== "", "Must not be empty");

/** A reference to this contact in another system (Salesforce, HubSpot, Pipedrive, a CSV import…). */
export const ExternalRef = z.strictObject({ namespace: Namespace, id: ExternalId });
export type ExternalRef = z.output<typeof ExternalRef>;

/** docs/api.md §4.10: the same (namespace, id) pair twice in one request is a BAD_REQUEST. */
export const ExternalRefs = z
  .array(ExternalRef)
  .max(EXTERNAL_REFS_MAX, `At most ${EXTERNAL_REFS_MAX} external references`)
  .superRefine((refs, ctx) => {
    const seen = new Set<string>();
    refs.forEach((ref, index) => {
      const key = `${ref.namespace}\u0000${ref.id}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `The reference ${ref.namespace}/${ref.id} appears more than once`,
        });
      }
      seen.add(key);
    });
  });
