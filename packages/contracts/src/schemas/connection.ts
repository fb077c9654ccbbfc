import { z } from "zod";
import { nullableText } from "../fields/empty-to-null";
import { Id } from "../fields/id";

export const JOB_TITLE_MAX = 200;
export const CONNECTIONS_MAX = 50;

/** Reference to an existing company by id. `kind` leaves room for e.g. "new" later. */
export const CompanyRef = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("existing"), id: Id }),
]);
export type CompanyRef = z.infer<typeof CompanyRef>;

export const JobTitle = z.string().trim().max(JOB_TITLE_MAX, `At most ${JOB_TITLE_MAX} characters`);

/** A link between a contact and a company (an employment), as written by a client. */
export const Connection = z.strictObject({
  company: CompanyRef,
  jobTitle: nullableText(JobTitle)
    .optional()
    .transform((v) => v ?? null),
  primary: z.boolean().default(false),
});
export type Connection = z.output<typeof Connection>;
export type ConnectionInput = z.input<typeof Connection>;

/**
 * docs/api.md §4.9: a non-empty list has exactly one primary, and a company appears at most once.
 * Issues point at the offending element so a form can show them beside the right row.
 */
export const Connections = z
  .array(Connection)
  .max(CONNECTIONS_MAX, `At most ${CONNECTIONS_MAX} connections`)
  .superRefine((connections, ctx) => {
    if (connections.length === 0) return;
    const primaries = connections.filter((c) => c.primary).length;
    if (primaries !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          primaries === 0
            ? "Exactly one connection must be primary; none is"
            : `Exactly one connection must be primary; ${primaries} are`,
      });
    }
    const seen = new Set<string>();
    connections.forEach((c, index) => {
      if (seen.has(c.company.id)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "company", "id"],
          message: "This company is already connected to the contact",
        });
      }
      seen.add(c.company.id);
    });
  });
