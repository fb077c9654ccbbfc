/**
 * The benchmark's data, shared by the seeder, the load generator and the SQL capture.
 * Contact and company ids are valid UUID strings that end in a decimal number, so that
 * pgbench (which has integer variables only) can build the same ids: `prefix || :n`.
 */
export const CONTACT_COUNT = 100_000;
export const COMPANY_COUNT = 1_000;
/** Contacts are numbered FIRST_CONTACT … FIRST_CONTACT + CONTACT_COUNT - 1 (always 6 digits). */
export const FIRST_CONTACT = 100_000;
export const FIRST_COMPANY = 1_000;
export const CONTACT_ID_PREFIX = "01900000-0000-7000-8000-000000";
export const COMPANY_ID_PREFIX = "01900000-0000-7000-9000-00000000";

export const contactId = (n: number) => `${CONTACT_ID_PREFIX}${n}`;
export const companyId = (k: number) => `${COMPANY_ID_PREFIX}${k}`;

export const FIRST_NAMES = [
  "Astrid",
  "Björn",
  "Carla",
  "Dmitri",
  "Elin",
  "Fatima",
  "Gustav",
  "Hanna",
  "Ines",
  "Jonas",
  "Karin",
  "Lars",
  "Maja",
  "Nils",
  "Olga",
  "Pierre",
  "Quentin",
  "Rosa",
  "Sven",
  "Tove",
  "Ulf",
  "Vera",
  "Wilhelm",
  "Xenia",
  "Yusuf",
  "Zara",
  "Anders",
  "Birgit",
  "Claes",
  "Dagny",
  "Erik",
  "Frida",
  "Göran",
  "Helga",
  "Ivar",
  "Johanna",
  "Kristoffer",
  "Linnea",
  "Magnus",
  "Nora",
];
export const LAST_NAMES = [
  "Andersson",
  "Berg",
  "Carlsson",
  "Dahl",
  "Ek",
  "Forsberg",
  "Gustafsson",
  "Holm",
  "Isaksson",
  "Jansson",
  "Karlsson",
  "Lind",
  "Magnusson",
  "Nilsson",
  "Olsson",
  "Persson",
  "Quist",
  "Rask",
  "Svensson",
  "Törnqvist",
  "Ullman",
  "Vik",
  "Wallin",
  "Xu",
  "Ylva",
  "Zetterberg",
  "Åberg",
  "Öberg",
  "Lundqvist",
  "Sandberg",
  "Bergström",
  "Lindgren",
  "Axelsson",
  "Hedlund",
  "Sjöberg",
  "Engström",
  "Falk",
  "Hansen",
  "Moreau",
  "Rossi",
];
export const TAGS = [
  "Tier 1",
  "Tier 2",
  "Tier 3",
  "ESG",
  "Long-only",
  "Hedge fund",
  "Nordics",
  "US",
  "DACH",
  "UK",
  "Retail",
  "Family office",
];

export type PatchKind = "scalar" | "lists";
export const PATCH_KINDS: PatchKind[] = ["scalar", "lists"];

const pick = <T>(xs: readonly T[], i: number): T => xs[((i % xs.length) + xs.length) % xs.length]!;

/**
 * The `data` of a contact.update for contact number `n`; `r` is a random integer that makes
 * every update effective (never a no-op). Scalar: three plain fields. Lists: tags,
 * connections (two companies, one primary) and external refs, all replaced.
 */
export function patchFor(kind: PatchKind, n: number, r: number): Record<string, unknown> {
  if (kind === "scalar") {
    return {
      phone: `+4670${String(r % 10_000_000).padStart(7, "0")}`,
      strategy: `Long-only, reviews quarterly (${r})`,
      profilePictureId: r % 2_000_000_000,
    };
  }
  const k1 = FIRST_COMPANY + (r % COMPANY_COUNT);
  const k2 = FIRST_COMPANY + ((r + 1 + (r % 97)) % COMPANY_COUNT);
  return {
    tags: [pick(TAGS, r), pick(TAGS, r + 3), pick(TAGS, r + 7)],
    connections: [
      { company: { kind: "existing", id: companyId(k1) }, jobTitle: "Portfolio manager", primary: true },
      { company: { kind: "existing", id: companyId(k2) }, jobTitle: `Analyst ${r % 10}` },
    ],
    externalRefs: [
      { namespace: "crm", id: `ext-${n}` },
      { namespace: "bench", id: `${n}-${r}` },
    ],
  };
}

export const randomContactNumber = () => FIRST_CONTACT + Math.floor(Math.random() * CONTACT_COUNT);
export const randomInt = () => Math.floor(Math.random() * 1_000_000_000);
