import { z } from "zod";
import { CompanyName } from "./company";

export const ENSURE_COMPANIES_MAX = 1000;

/**
 * `company.ensure`: the companies of these names, found case-insensitively or created, for
 * imports whose rows name a company ("Company" column) rather than its id. Where several
 * companies share a name, the oldest is the one a name means.
 */
export const EnsureCompaniesInput = z.strictObject({
  names: z
    .array(CompanyName)
    .min(1, "At least one name")
    .max(ENSURE_COMPANIES_MAX, `At most ${ENSURE_COMPANIES_MAX} names`),
});
export type EnsureCompaniesInput = z.output<typeof EnsureCompaniesInput>;

/** One entry per distinct name (case-insensitive), in the order first given. */
export const EnsureCompaniesOutput = z.object({
  companies: z.array(z.object({ name: z.string(), id: z.string(), created: z.boolean() })),
});
export type EnsureCompaniesOutput = z.infer<typeof EnsureCompaniesOutput>;
