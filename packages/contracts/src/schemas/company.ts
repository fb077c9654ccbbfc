import { z } from "zod";
import { Id } from "../fields/id";
import { Cursor, PageLimit, pageOf } from "./pagination";

export const COMPANY_NAME_MAX = 200;

export const CompanyName = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(COMPANY_NAME_MAX, `At most ${COMPANY_NAME_MAX} characters`);

export const Company = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Company = z.infer<typeof Company>;

export const CompanyPage = pageOf(Company);
export type CompanyPage = z.infer<typeof CompanyPage>;

export const CreateCompanyRequest = z.strictObject({ name: CompanyName });
export type CreateCompanyRequest = z.output<typeof CreateCompanyRequest>;

export const GetCompanyInput = z.strictObject({ id: Id });
export type GetCompanyInput = z.output<typeof GetCompanyInput>;

export const ListCompaniesInput = z.strictObject({
  search: z
    .string()
    .trim()
    .max(200, "At most 200 characters")
    .transform((s) => (s === "" ? undefined : s))
    .optional(),
  limit: PageLimit,
  cursor: Cursor,
});
export type ListCompaniesInput = z.output<typeof ListCompaniesInput>;
