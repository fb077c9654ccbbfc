import { type Database, findUserByEmail, findWorkspaceBySlug, insertWorkspace } from "@contacts/db";
import type { Actor } from "./actor";
import { importApiKey } from "./services/api-keys/api-keys";
import { createCompany } from "./services/companies";
import { createContact } from "./services/contacts/create-contact";
import { createUser } from "./services/users/users";

export const DEMO_WORKSPACE_SLUG = "demo";
const DEMO_WORKSPACE_ID = "01900000-0000-7000-8000-000000000001";
/**
 * A fixed, well-known key for the demo workspace, so the README's curl examples work after
 * `pnpm dev`. Only `pnpm dev` and `pnpm scripts db seed` create it; never use it in production.
 */
export const DEMO_API_KEY = `ck_${DEMO_WORKSPACE_ID}_${"demo-key-for-local-development-only".padEnd(43, "0")}`;

/** The demo user of the web app; like the demo key, fixed and for local development only. */
export const DEMO_USER = { email: "demo@example.com", password: "demo-password", name: "Demo User" } as const;

const COMPANIES = [
  "Nordic Capital Partners",
  "Fjord Asset Management",
  "Baltic Growth Fund",
  "Aurora Pension",
];

const CONTACTS = [
  {
    firstName: "Astrid",
    lastName: "Lindqvist",
    email: "astrid@nordiccapital.example",
    phone: "+46701234567",
    primaryLanguage: "sv",
    tags: ["Tier 1", "Nordics"],
    company: 0,
    jobTitle: "Portfolio Manager",
    ref: ["salesforce", "0035g00000ABC01"],
  },
  {
    firstName: "Mikael",
    lastName: "Berg",
    email: "mikael.berg@fjordam.example",
    phone: "+4791234567",
    primaryLanguage: "no",
    tags: ["Nordics"],
    company: 1,
    jobTitle: "Head of Equities",
    ref: ["hubspot", "5101"],
  },
  {
    firstName: "Laura",
    lastName: "Kask",
    email: "laura@balticgrowth.example",
    primaryLanguage: "et",
    tags: ["Tier 2"],
    company: 2,
    jobTitle: "Analyst",
    ref: ["pipedrive", "77"],
  },
  {
    firstName: "James",
    lastName: "Whitfield",
    email: "j.whitfield@aurora.example",
    phone: "+442071234567",
    primaryLanguage: "en",
    tags: ["Tier 1", "ESG"],
    company: 3,
    jobTitle: "CIO",
    ref: ["salesforce", "0035g00000ABC02"],
  },
  {
    firstName: "Sofia",
    lastName: "Nieminen",
    email: "sofia@nordiccapital.example",
    primaryLanguage: "fi",
    tags: ["ESG"],
    company: 0,
    jobTitle: null,
    ref: ["csv-import", "row-12"],
  },
  {
    firstName: "Henrik",
    lastName: "Dahl",
    email: null,
    primaryLanguage: "da",
    tags: [],
    company: 1,
    jobTitle: "Partner",
    ref: null,
  },
] as const;

/**
 * Creates the demo workspace with a user, a few companies and contacts, once. Answers the
 * demo key and the user's credentials either way, and whether anything was created.
 */
export async function seedDemo(db: Database): Promise<{
  workspaceId: string;
  apiKey: string;
  user: { email: string; password: string };
  created: boolean;
}> {
  const answer = (created: boolean) => ({
    workspaceId: DEMO_WORKSPACE_ID,
    apiKey: DEMO_API_KEY,
    user: { email: DEMO_USER.email, password: DEMO_USER.password },
    created,
  });
  if (await findWorkspaceBySlug(db, DEMO_WORKSPACE_SLUG)) {
    // Demo databases made before sign-in existed get their user now.
    if (!(await findUserByEmail(db, DEMO_USER.email))) await createUser(db, DEMO_WORKSPACE_ID, DEMO_USER);
    return answer(false);
  }
  await insertWorkspace(db, { id: DEMO_WORKSPACE_ID, slug: DEMO_WORKSPACE_SLUG, name: "Demo IR team" });
  await importApiKey(db, DEMO_WORKSPACE_ID, "demo key", DEMO_API_KEY);
  await createUser(db, DEMO_WORKSPACE_ID, DEMO_USER);
  const actor: Actor = { workspaceId: DEMO_WORKSPACE_ID, type: "system", id: "seed", name: "demo seed" };
  const companies = [];
  for (const name of COMPANIES) companies.push(await createCompany(db, actor, { name }));
  for (const c of CONTACTS) {
    const company = companies[c.company];
    await createContact(db, actor, {
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: "phone" in c ? c.phone : null,
      primaryLanguage: c.primaryLanguage,
      tags: [...c.tags],
      connections: company
        ? [{ company: { kind: "existing", id: company.id }, jobTitle: c.jobTitle, primary: true }]
        : [],
      externalRefs: c.ref ? [{ namespace: c.ref[0], id: c.ref[1] }] : [],
    });
  }
  return answer(true);
}
