import {
  Company,
  CompanyPage,
  CreateCompanyRequest,
  EnsureCompaniesInput,
  EnsureCompaniesOutput,
  GetCompanyInput,
  ListCompaniesInput,
} from "@contacts/contracts";
import { createCompany, ensureCompanies, getCompany, listCompanies } from "../services/companies";
import { protectedProcedure, router } from "../trpc";

export const companyRouter = router({
  create: protectedProcedure
    .meta({ scope: "companies:write" })
    .input(CreateCompanyRequest)
    .output(Company)
    .mutation(({ ctx, input }) => createCompany(ctx.db, ctx.actor, input)),

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
});
