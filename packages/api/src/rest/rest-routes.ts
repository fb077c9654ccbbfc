import {
  BatchUpdateInput,
  BatchUpdateOutput,
  BULK_UPSERT_MAX,
  BulkUpsertInput,
  BulkUpsertItem,
  BulkUpsertOutput,
  ChangedContactsPage,
  ChangesInput,
  ChangesPage,
  Company,
  CompanyContactsInput,
  CompanyContactsPage,
  CompanyHistoryInput,
  CompanyPage,
  CompanyWriteResult,
  Contact,
  ContactCount,
  ContactHistoryInput,
  ContactPage,
  CountContactsInput,
  CreateCompanyRequest,
  CreateContactRequest,
  DeleteCompanyInput,
  DeleteCompanyOutput,
  EnsureCompaniesInput,
  EnsureCompaniesOutput,
  FindByExternalRefInput,
  GetCompanyInput,
  GetContactInput,
  HistoryPage,
  ListCompaniesInput,
  ListContactsInput,
  ListTagsInput,
  MergeTagsInput,
  RenameTagInput,
  RetagOutput,
  TagList,
  UpdateCompanyInput,
  UpdateCompanyRequest,
  UpdateContactInput,
  UpdateContactRequest,
  UpsertByExternalRefInput,
  UpsertByExternalRefOutput,
} from "@contacts/contracts";
import type { inferRouterInputs } from "@trpc/server";
import { z } from "zod";
import type { AppRouter } from "../root";

/** Where the REST API is served. */
export const REST_ENDPOINT = "/api/v1";

type Inputs = inferRouterInputs<AppRouter>;
/** "contact.update", "company.get", …: every procedure of the router, checked by the compiler. */
export type ProcedurePath = {
  [R in keyof Inputs]: `${R & string}.${keyof Inputs[R] & string}`;
}[keyof Inputs];

/** How a query parameter's text becomes the JSON value the procedure's schema expects. */
export type QueryKind = "string" | "integer" | "boolean" | "array";

export interface QueryParam {
  /** The parameter's name in the URL (`tag`). */
  name: string;
  /** The key it fills in the procedure's input (`tags`). */
  key: string;
  kind: QueryKind;
}

export const JSON_TYPE = "application/json";
export const MERGE_PATCH_TYPE = "application/merge-patch+json";

/**
 * One REST operation, declared once: the router (handle-rest-request.ts) and the OpenAPI
 * document (openapi-document.ts) are both derived from this table. Each calls one tRPC
 * procedure with an input built from the path, the query and the body, so validation,
 * services, scopes, reasons and history are the procedure's own.
 */
export interface RestRoute {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** OpenAPI path template under REST_ENDPOINT, e.g. "/contacts/{id}". */
  path: string;
  operationId: string;
  summary: string;
  tag: "Contacts" | "Companies" | "Changes" | "Tags";
  procedure: ProcedurePath;
  /** The procedure's input schema, whose shape documents the path and query parameters. */
  input: z.ZodObject;
  pathParams?: readonly string[];
  query?: readonly QueryParam[];
  /** The body's schema and media types; where it goes in the procedure's input (`["data"]`, or `[]` for all of it). */
  body?: { schema: z.ZodType; contentTypes: readonly string[]; at: readonly "data"[] };
  /** Whether `If-Match` is read as the input's `expectedVersion`. */
  ifMatch?: boolean;
  success: {
    status: 200 | 201;
    schema: z.ZodType;
    /** A contact's (or company's) version, for its ETag. */
    version?: (body: unknown) => number | undefined;
    /** The created resource's path, for `Location` on a 201. */
    location?: (body: unknown) => string | undefined;
    /** Answered with 201 when this says so (an upsert that created), else `status`. */
    created?: (body: unknown) => boolean;
  };
  /** Whether the operation names one resource by its id, so a 404 is among its answers. */
  findsOne?: boolean;
}

const contactVersion = (body: unknown) => (body as Contact).version;
const companyVersion = (body: unknown) => (body as Company).version;
const upsertedVersion = (body: unknown) => (body as { contact: Contact }).contact.version;
const pageParams = [
  { name: "limit", key: "limit", kind: "integer" },
  { name: "cursor", key: "cursor", kind: "string" },
] as const;

export const REST_ROUTES: readonly RestRoute[] = [
  {
    method: "GET",
    path: "/contacts",
    operationId: "listContacts",
    summary: "List contacts, newest first, in keyset pages",
    tag: "Contacts",
    procedure: "contact.list",
    input: ListContactsInput,
    query: [
      { name: "search", key: "search", kind: "string" },
      { name: "tag", key: "tags", kind: "array" },
      { name: "companyId", key: "companyId", kind: "string" },
      { name: "blocked", key: "blocked", kind: "boolean" },
      { name: "sort", key: "sort", kind: "string" },
      { name: "direction", key: "direction", kind: "string" },
      ...pageParams,
    ],
    success: { status: 200, schema: ContactPage },
  },
  {
    method: "GET",
    path: "/contacts/count",
    operationId: "countContacts",
    summary: "Count the contacts a list with these filters pages through (up to 10,000)",
    tag: "Contacts",
    procedure: "contact.count",
    input: CountContactsInput,
    query: [
      { name: "search", key: "search", kind: "string" },
      { name: "tag", key: "tags", kind: "array" },
      { name: "companyId", key: "companyId", kind: "string" },
      { name: "blocked", key: "blocked", kind: "boolean" },
    ],
    success: { status: 200, schema: ContactCount },
  },
  {
    method: "POST",
    path: "/contacts",
    operationId: "createContact",
    summary: "Create a contact",
    tag: "Contacts",
    procedure: "contact.create",
    input: CreateContactRequest,
    body: { schema: CreateContactRequest, contentTypes: [JSON_TYPE], at: [] },
    success: {
      status: 201,
      schema: Contact,
      version: contactVersion,
      location: (body) => `${REST_ENDPOINT}/contacts/${encodeURIComponent((body as Contact).id)}`,
    },
  },
  {
    method: "POST",
    path: "/contacts/bulk-upsert",
    operationId: "bulkUpsertContacts",
    summary: "Update, upsert by reference or create up to 1,000 contacts in one set-based write",
    tag: "Contacts",
    procedure: "contact.bulkUpsert",
    input: BulkUpsertInput,
    body: {
      // Each item is validated on its own by the procedure; documented as BulkUpsertItem.
      schema: BulkUpsertInput.extend({ items: z.array(BulkUpsertItem).min(1).max(BULK_UPSERT_MAX) }),
      contentTypes: [JSON_TYPE],
      at: [],
    },
    success: { status: 200, schema: BulkUpsertOutput },
  },
  {
    method: "POST",
    path: "/contacts/batch-update",
    operationId: "batchUpdateContacts",
    summary: "Update up to 500 contacts, each as PATCH would, or all or nothing",
    tag: "Contacts",
    procedure: "contact.batchUpdate",
    input: BatchUpdateInput,
    body: {
      // Each item is validated on its own by the procedure; documented as contact.update's input.
      schema: BatchUpdateInput.extend({ items: z.array(UpdateContactInput).min(1).max(500) }),
      contentTypes: [JSON_TYPE],
      at: [],
    },
    success: { status: 200, schema: BatchUpdateOutput },
  },
  {
    method: "GET",
    path: "/contacts/by-external-ref/{namespace}/{id}",
    operationId: "getContactByExternalRef",
    summary: "Find the contact holding an external reference (namespace case-insensitive)",
    tag: "Contacts",
    procedure: "contact.findByExternalRef",
    input: FindByExternalRefInput,
    pathParams: ["namespace", "id"],
    findsOne: true,
    success: { status: 200, schema: Contact, version: contactVersion },
  },
  {
    method: "PUT",
    path: "/contacts/by-external-ref/{namespace}/{id}",
    operationId: "upsertContactByExternalRef",
    summary: "Update the contact holding an external reference, or create it (201)",
    tag: "Contacts",
    procedure: "contact.upsertByExternalRef",
    input: UpsertByExternalRefInput,
    pathParams: ["namespace", "id"],
    body: { schema: UpdateContactRequest, contentTypes: [JSON_TYPE, MERGE_PATCH_TYPE], at: ["data"] },
    success: {
      status: 200,
      schema: UpsertByExternalRefOutput,
      version: upsertedVersion,
      created: (body) => (body as { outcome: string }).outcome === "created",
      location: (body) =>
        `${REST_ENDPOINT}/contacts/${encodeURIComponent((body as { contact: Contact }).contact.id)}`,
    },
  },
  {
    method: "GET",
    path: "/contacts/{id}",
    operationId: "getContact",
    summary: "Get a contact",
    tag: "Contacts",
    procedure: "contact.get",
    input: GetContactInput,
    pathParams: ["id"],
    findsOne: true,
    success: { status: 200, schema: Contact, version: contactVersion },
  },
  {
    method: "PATCH",
    path: "/contacts/{id}",
    operationId: "updateContact",
    summary: "Update a contact: omitted fields stay, null clears, lists are replaced whole",
    tag: "Contacts",
    procedure: "contact.update",
    input: UpdateContactInput,
    pathParams: ["id"],
    body: { schema: UpdateContactRequest, contentTypes: [MERGE_PATCH_TYPE, JSON_TYPE], at: ["data"] },
    ifMatch: true,
    findsOne: true,
    success: { status: 200, schema: Contact, version: contactVersion },
  },
  {
    method: "GET",
    path: "/contacts/{id}/history",
    operationId: "getContactHistory",
    summary: "A contact's history, newest first, in keyset pages",
    tag: "Contacts",
    procedure: "contact.history",
    input: ContactHistoryInput,
    pathParams: ["id"],
    query: pageParams,
    findsOne: true,
    success: { status: 200, schema: HistoryPage },
  },
  {
    method: "GET",
    path: "/changes",
    operationId: "listChanges",
    summary:
      "The workspace's changes after a cursor, in commit order: store `cursor` and pass it back as `after`",
    tag: "Changes",
    procedure: "contact.changes",
    input: ChangesInput,
    query: [
      { name: "after", key: "after", kind: "string" },
      { name: "limit", key: "limit", kind: "integer" },
    ],
    success: { status: 200, schema: ChangesPage },
  },
  {
    method: "GET",
    path: "/changes/contacts",
    operationId: "listChangedContacts",
    summary: "The contacts changed after a cursor, each once, as they are now; the same cursor as /changes",
    tag: "Changes",
    procedure: "contact.changedContacts",
    input: ChangesInput,
    query: [
      { name: "after", key: "after", kind: "string" },
      { name: "limit", key: "limit", kind: "integer" },
    ],
    success: { status: 200, schema: ChangedContactsPage },
  },
  {
    method: "POST",
    path: "/companies/ensure",
    operationId: "ensureCompanies",
    summary: "Find companies by name, case-insensitively, creating the missing ones",
    tag: "Companies",
    procedure: "company.ensure",
    input: EnsureCompaniesInput,
    body: { schema: EnsureCompaniesInput, contentTypes: [JSON_TYPE], at: [] },
    success: { status: 200, schema: EnsureCompaniesOutput },
  },
  {
    method: "GET",
    path: "/companies",
    operationId: "listCompanies",
    summary: "List companies by name, in keyset pages",
    tag: "Companies",
    procedure: "company.list",
    input: ListCompaniesInput,
    query: [{ name: "search", key: "search", kind: "string" }, ...pageParams],
    success: { status: 200, schema: CompanyPage },
  },
  {
    method: "POST",
    path: "/companies",
    operationId: "createCompany",
    summary: "Create a company",
    tag: "Companies",
    procedure: "company.create",
    input: CreateCompanyRequest,
    body: { schema: CreateCompanyRequest, contentTypes: [JSON_TYPE], at: [] },
    success: {
      status: 201,
      schema: CompanyWriteResult,
      version: companyVersion,
      location: (body) => `${REST_ENDPOINT}/companies/${encodeURIComponent((body as Company).id)}`,
    },
  },
  {
    method: "GET",
    path: "/companies/{id}",
    operationId: "getCompany",
    summary: "Get a company",
    tag: "Companies",
    procedure: "company.get",
    input: GetCompanyInput,
    pathParams: ["id"],
    findsOne: true,
    success: { status: 200, schema: Company, version: companyVersion },
  },
  {
    method: "PATCH",
    path: "/companies/{id}",
    operationId: "updateCompany",
    summary: "Rename a company or change its domain: omitted fields stay, a null domain clears it",
    tag: "Companies",
    procedure: "company.update",
    input: UpdateCompanyInput,
    pathParams: ["id"],
    body: { schema: UpdateCompanyRequest, contentTypes: [MERGE_PATCH_TYPE, JSON_TYPE], at: ["data"] },
    ifMatch: true,
    findsOne: true,
    success: { status: 200, schema: CompanyWriteResult, version: companyVersion },
  },
  {
    method: "DELETE",
    path: "/companies/{id}",
    operationId: "deleteCompany",
    summary: "Delete a company no contact is connected to (409 COMPANY_IN_USE names those that are)",
    tag: "Companies",
    procedure: "company.delete",
    input: DeleteCompanyInput,
    pathParams: ["id"],
    findsOne: true,
    success: { status: 200, schema: DeleteCompanyOutput },
  },
  {
    method: "GET",
    path: "/companies/{id}/contacts",
    operationId: "listCompanyContacts",
    summary: "The contacts connected to a company, with their job title and primary flag, newest first",
    tag: "Companies",
    procedure: "company.contacts",
    input: CompanyContactsInput,
    pathParams: ["id"],
    query: pageParams,
    findsOne: true,
    success: { status: 200, schema: CompanyContactsPage },
  },
  {
    method: "GET",
    path: "/companies/{id}/history",
    operationId: "getCompanyHistory",
    summary: "A company's history, newest first, in keyset pages",
    tag: "Companies",
    procedure: "company.history",
    input: CompanyHistoryInput,
    pathParams: ["id"],
    query: pageParams,
    findsOne: true,
    success: { status: 200, schema: HistoryPage },
  },
  {
    method: "GET",
    path: "/tags",
    operationId: "listTags",
    summary: "The workspace's tags with their contact counts, most used first",
    tag: "Tags",
    procedure: "tag.list",
    input: ListTagsInput,
    query: [
      { name: "prefix", key: "prefix", kind: "string" },
      { name: "limit", key: "limit", kind: "integer" },
    ],
    success: { status: 200, schema: TagList },
  },
  {
    method: "POST",
    path: "/tags/rename",
    operationId: "renameTag",
    summary: "Rename a tag on every contact carrying it",
    tag: "Tags",
    procedure: "tag.rename",
    input: RenameTagInput,
    body: { schema: RenameTagInput, contentTypes: [JSON_TYPE], at: [] },
    success: { status: 200, schema: RetagOutput },
  },
  {
    method: "POST",
    path: "/tags/merge",
    operationId: "mergeTags",
    summary: "Merge tags into one on every contact carrying any of them",
    tag: "Tags",
    procedure: "tag.merge",
    input: MergeTagsInput,
    body: { schema: MergeTagsInput, contentTypes: [JSON_TYPE], at: [] },
    success: { status: 200, schema: RetagOutput },
  },
];
