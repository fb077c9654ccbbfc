import { z } from "zod";
import { CompanyDomain } from "../fields/company-domain";
import { Id } from "../fields/id";
import { Cursor, IdCursor, PageLimit, pageOf } from "./pagination";
import { ExpectedVersion } from "./update-contact-request";

export const COMPANY_NAME_MAX = 200;

export const CompanyName = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(COMPANY_NAME_MAX, `At most ${COMPANY_NAME_MAX} characters`);

/** The output shape of every company procedure (docs/api.md §3). */
export const Company = z.object({
  id: z.string(),
  name: z.string(),
  /** The lower-case host that tells two companies of one name apart, e.g. "aurora.se". */
  domain: z.string().nullable(),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Company = z.infer<typeof Company>;

export const CompanyPage = pageOf(Company);
export type CompanyPage = z.infer<typeof CompanyPage>;

/**
 * Something a write did not refuse but the caller should know (docs/api.md §6.8):
 * `DUPLICATE_NAME` lists the other companies of the workspace with the same name,
 * case-insensitively, so a person can tell them apart (by domain) or pick one instead.
 */
export const CompanyWarning = z.object({
  code: z.literal("DUPLICATE_NAME"),
  message: z.string(),
  companies: z.array(z.object({ id: z.string(), name: z.string(), domain: z.string().nullable() })),
});
export type CompanyWarning = z.infer<typeof CompanyWarning>;

/** What company.create and company.update answer: the company and the warnings of the write. */
export const CompanyWriteResult = Company.extend({ warnings: z.array(CompanyWarning) });
export type CompanyWriteResult = z.infer<typeof CompanyWriteResult>;

export const CreateCompanyRequest = z.strictObject({
  name: CompanyName,
  domain: CompanyDomain.optional(),
});
export type CreateCompanyRequest = z.output<typeof CreateCompanyRequest>;

/** company.update's `data`: omitted stays, null (or "") clears the domain; a name cannot be cleared. */
export const UpdateCompanyRequest = z.strictObject({
  name: CompanyName.optional(),
  domain: CompanyDomain.optional(),
});
export type UpdateCompanyRequest = z.output<typeof UpdateCompanyRequest>;

export const UpdateCompanyInput = z.strictObject({
  id: Id,
  data: UpdateCompanyRequest,
  expectedVersion: ExpectedVersion.optional(),
});
export type UpdateCompanyInput = z.output<typeof UpdateCompanyInput>;

export const GetCompanyInput = z.strictObject({ id: Id });
export type GetCompanyInput = z.output<typeof GetCompanyInput>;

export const DeleteCompanyInput = z.strictObject({ id: Id });
export type DeleteCompanyInput = z.output<typeof DeleteCompanyInput>;

export const DeleteCompanyOutput = z.object({ id: z.string(), deletedAt: z.iso.datetime() });
export type DeleteCompanyOutput = z.infer<typeof DeleteCompanyOutput>;

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

/** company.contacts: the live contacts connected to a company, newest first like contact.list. */
export const CompanyContactsInput = z.strictObject({ id: Id, limit: PageLimit, cursor: IdCursor });
export type CompanyContactsInput = z.output<typeof CompanyContactsInput>;

/** A contact as a company lists it: who, and their connection to this company. */
export const CompanyContact = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  jobTitle: z.string().nullable(),
  /** Whether this company is the contact's primary connection. */
  primary: z.boolean(),
});
export type CompanyContact = z.infer<typeof CompanyContact>;

export const CompanyContactsPage = pageOf(CompanyContact);
export type CompanyContactsPage = z.infer<typeof CompanyContactsPage>;

export const CompanyHistoryInput = z.strictObject({ id: Id, limit: PageLimit, cursor: IdCursor });
export type CompanyHistoryInput = z.output<typeof CompanyHistoryInput>;

/** The history entry types of a company (HistoryEntry.type). */
export const COMPANY_CHANGE_TYPES = ["company.created", "company.updated", "company.deleted"] as const;
export type CompanyChangeType = (typeof COMPANY_CHANGE_TYPES)[number];
