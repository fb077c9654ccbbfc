import {
  Company,
  CompanyContactsInput,
  CompanyContactsPage,
  CompanyHistoryInput,
  CompanyPage,
  CompanyWriteResult,
  CreateCompanyRequest,
  DeleteCompanyInput,
  DeleteCompanyOutput,
  EnsureCompaniesInput,
  EnsureCompaniesOutput,
  GetCompanyInput,
  HistoryPage,
  ListCompaniesInput,
  UpdateCompanyInput,
} from "@contacts/contracts";
import {
  createCompany,
  deleteCompany,
  ensureCompanies,
  getCompany,
  getCompanyContacts,
  getCompanyHistory,
  listCompanies,
  updateCompany,
} from "../services/companies";
import { protectedProcedure, router } from "../trpc";

export const companyRouter = router({
  create: protectedProcedure
    .meta({ scope: "companies:write" })
    .input(CreateCompanyRequest)
    .output(CompanyWriteResult)
    .mutation(({ ctx, input }) => createCompany(ctx.db, ctx.actor, input)),

  update: protectedProcedure
    .meta({ scope: "companies:write" })
    .input(UpdateCompanyInput)
    .output(CompanyWriteResult)
    .mutation(({ ctx, input }) => updateCompany(ctx.db, ctx.actor, input)),

  delete: protectedProcedure
    .meta({ scope: "companies:write" })
    .input(DeleteCompanyInput)
    .output(DeleteCompanyOutput)
    .mutation(({ ctx, input }) => deleteCompany(ctx.db, ctx.actor, input)),
  ensure: protectedProcedure
    .meta({ scope: "companies:write" })
    .input(EnsureCompaniesInput)
    .output(EnsureCompaniesOutput)
    .mutation(({ ctx, input }) => ensureCompanies(ctx.db, ctx.actor, input)),

  get: protectedProcedure
    .meta({ scope: "companies:read" })
    .input(GetCompanyInput)
    .output(Company)
    .query(({ ctx, input }) => getCompany(ctx.db, ctx.actor, input)),

  list: protectedProcedure
    .meta({ scope: "companies:read" })
    .input(ListCompaniesInput)
    .output(CompanyPage)
    .query(({ ctx, input }) => listCompanies(ctx.db, ctx.actor, input)),

  // contacts:read, not companies:read: it answers contacts' names and emails, which
  // contact.list({ companyId }) answers only to keys that may read contacts.
  contacts: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(CompanyContactsInput)
    .output(CompanyContactsPage)
    .query(({ ctx, input }) => getCompanyContacts(ctx.db, ctx.actor, input)),

  history: protectedProcedure
    .meta({ scope: "companies:read" })
    .input(CompanyHistoryInput)
    .output(HistoryPage)
    .query(({ ctx, input }) => getCompanyHistory(ctx.db, ctx.actor, input)),
});
