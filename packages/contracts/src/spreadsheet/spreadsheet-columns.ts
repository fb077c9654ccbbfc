import { CONTACT_FIELD_KINDS, CONTACT_FIELDS, type ContactField } from "../schemas/contact-field-kinds";

/**
 * The columns of a contacts spreadsheet (CSV or XLSX), one home for scripts and the web app.
 * An export writes EXPORT_COLUMNS; an import reads any of SPREADSHEET_COLUMNS:
 * - `id` + `version` (an export's): the row updates that contact, `version` is its expectedVersion;
 * - `externalId`: the row's id in the namespace chosen for the import (upsert by reference);
 * - `company` + `jobTitle`: one primary connection, the company found by name (or created);
 * - `createdAt`, `updatedAt`: read-only, accepted and ignored so an export re-imports.
 */
export const EXPORT_COLUMNS = ["id", ...CONTACT_FIELDS, "version", "createdAt", "updatedAt"] as const;
export const READ_ONLY_COLUMNS = ["createdAt", "updatedAt"] as const;
export const SPREADSHEET_COLUMNS = [...EXPORT_COLUMNS, "externalId", "company", "jobTitle"] as const;
export type SpreadsheetColumn = (typeof SPREADSHEET_COLUMNS)[number];

const COLUMN_LABELS: Record<Exclude<SpreadsheetColumn, ContactField>, string> = {
  id: "Contact id",
  version: "Version",
  createdAt: "Created",
  updatedAt: "Updated",
  externalId: "External id",
  company: "Company",
  jobTitle: "Job title",
};

/** What people call a column (the import page's mapping). */
export const columnLabel = (column: SpreadsheetColumn): string =>
  (CONTACT_FIELD_KINDS as Record<string, { label: string }>)[column]?.label ??
  COLUMN_LABELS[column as keyof typeof COLUMN_LABELS];

/** "E-mail Address" → "emailaddress": headers compared without case, spaces or punctuation. */
export const headerKey = (header: string) =>
  header
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

/**
 * Headers other systems write (HubSpot, Salesforce, Pipedrive, Outlook and Google contact
 * exports), by their headerKey. The column names themselves match too ("firstName").
 */
const ALIASES: Record<string, SpreadsheetColumn> = {
  first: "firstName",
  firstname: "firstName",
  givenname: "firstName",
  forename: "firstName",
  last: "lastName",
  lastname: "lastName",
  surname: "lastName",
  familyname: "lastName",
  email: "email",
  emailaddress: "email",
  email1: "email",
  email1value: "email",
  primaryemail: "email",
  workemail: "email",
  phone: "phone",
  phonenumber: "phone",
  mobile: "phone",
  mobilephone: "phone",
  mobilephonenumber: "phone",
  businessphone: "phone",
  workphone: "phone",
  phone1value: "phone",
  linkedin: "linkedInUrl",
  linkedinurl: "linkedInUrl",
  linkedinprofile: "linkedInUrl",
  linkedinprofileurl: "linkedInUrl",
  language: "primaryLanguage",
  preferredlanguage: "primaryLanguage",
  primarylanguage: "primaryLanguage",
  investmentstrategy: "strategy",
  tag: "tags",
  labels: "tags",
  donotcontact: "blocked",
  company: "company",
  companyname: "company",
  organization: "company",
  organisation: "company",
  organizationname: "company",
  organization1name: "company",
  account: "company",
  accountname: "company",
  jobtitle: "jobTitle",
  title: "jobTitle",
  position: "jobTitle",
  role: "jobTitle",
  organization1title: "jobTitle",
  externalid: "externalId",
  contactid: "id",
  created: "createdAt",
  createdate: "createdAt",
  updated: "updatedAt",
  lastmodified: "updatedAt",
  lastmodifieddate: "updatedAt",
};

/** Headers that name another system's id, and the namespace they suggest. */
const SYSTEM_ID_HEADERS: Record<string, string> = {
  hubspotid: "hubspot",
  hubspotcontactid: "hubspot",
  recordid: "hubspot",
  salesforceid: "salesforce",
  salesforcecontactid: "salesforce",
  pipedriveid: "pipedrive",
  pipedrivepersonid: "pipedrive",
  personid: "pipedrive",
};

for (const column of SPREADSHEET_COLUMNS) ALIASES[headerKey(column)] ??= column;
for (const field of CONTACT_FIELDS) ALIASES[headerKey(CONTACT_FIELD_KINDS[field].label)] ??= field;

export interface HeaderMatch {
  column: SpreadsheetColumn;
  /** For an `externalId` column named after a system ("HubSpot ID"): that system's namespace. */
  namespace?: string;
}

/** The column a header means, or undefined when it means none of ours. */
export function matchHeader(header: string): HeaderMatch | undefined {
  if (Object.hasOwn(SPREADSHEET_COLUMNS_SET, header)) return { column: header as SpreadsheetColumn };
  const key = headerKey(header);
  const namespace = SYSTEM_ID_HEADERS[key];
  if (namespace) return { column: "externalId", namespace };
  const column = ALIASES[key];
  return column ? { column } : undefined;
}

const SPREADSHEET_COLUMNS_SET = Object.fromEntries(SPREADSHEET_COLUMNS.map((c) => [c, true]));

/**
 * A file's header mapped to columns: each column at most once (the first header that means
 * it wins; later ones are reported as duplicates), unmatched headers listed.
 */
export function mapHeader(header: string[]): {
  columns: (SpreadsheetColumn | undefined)[];
  unknown: string[];
  duplicates: string[];
  namespace?: string;
} {
  const taken = new Set<SpreadsheetColumn>();
  const unknown: string[] = [];
  const duplicates: string[] = [];
  let namespace: string | undefined;
  const columns = header.map((h) => {
    const match = matchHeader(h);
    if (!match) {
      if (h.trim() !== "") unknown.push(h);
      return undefined;
    }
    if (taken.has(match.column)) {
      duplicates.push(h);
      return undefined;
    }
    taken.add(match.column);
    namespace ??= match.namespace;
    return match.column;
  });
  return { columns, unknown, duplicates, namespace };
}
