import { type Database, findUserByEmail, findWorkspaceBySlug, insertWorkspace } from "@contacts/db";
import type { Actor } from "./actor";
import { DEMO_API_KEY, DEMO_USER, DEMO_WORKSPACE_ID, DEMO_WORKSPACE_SLUG } from "./demo-workspace";
import { importApiKey } from "./services/api-keys/api-keys";
import { createCompany } from "./services/companies";
import { createContact } from "./services/contacts/create-contact";
import { createUser } from "./services/users/users";

/** Who a sample workspace is: the demo's fixed identity, or a test's own. */
export interface SampleWorkspaceIdentity {
  workspaceId: string;
  slug: string;
  name: string;
  apiKey: string;
  user: { email: string; password: string; name: string };
}

const DEMO_IDENTITY: SampleWorkspaceIdentity = {
  workspaceId: DEMO_WORKSPACE_ID,
  slug: DEMO_WORKSPACE_SLUG,
  name: "Demo IR team",
  apiKey: DEMO_API_KEY,
  user: DEMO_USER,
};

const COMPANIES = [
  { name: "Nordic Capital Partners", domain: "nordiccapital.example" },
  { name: "Fjord Asset Management", domain: "fjordam.example" },
  { name: "Baltic Growth Fund", domain: null },
  { name: "Aurora Pension", domain: "aurorapension.example" },
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
export function seedDemo(db: Database) {
  return seedSampleWorkspace(db, DEMO_IDENTITY);
}

/**
 * The demo's companies and contacts in a workspace of the caller's choosing (the browser tests
 * run a production server, which refuses the demo workspace itself).
 */
export async function seedSampleWorkspace(
  db: Database,
  identity: SampleWorkspaceIdentity,
): Promise<{
  workspaceId: string;
  apiKey: string;
  user: { email: string; password: string };
  created: boolean;
}> {
  const { workspaceId, user } = identity;
  const answer = (created: boolean) => ({
    workspaceId,
    apiKey: identity.apiKey,
    user: { email: user.email, password: user.password },
    created,
  });
  if (await findWorkspaceBySlug(db, identity.slug)) {
    // Demo databases made before sign-in existed get their user now.
    if (!(await findUserByEmail(db, user.email))) await createUser(db, workspaceId, user);
    return answer(false);
  }
  await insertWorkspace(db, { id: workspaceId, slug: identity.slug, name: identity.name });
  await importApiKey(db, workspaceId, "demo key", identity.apiKey);
  await createUser(db, workspaceId, user);
  const actor: Actor = { workspaceId, type: "system", id: "seed", name: "demo seed", scopes: "all" };
  const companies = [];
  for (const company of COMPANIES) companies.push(await createCompany(db, actor, company));
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
