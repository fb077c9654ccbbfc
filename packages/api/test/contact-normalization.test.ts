import type { CreateContactRequestInput } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { badRequestPaths, type Caller, existing, snapshot } from "./support/contract";
import { useHarness } from "./support/harness";

/**
 * docs/api.md §5 end to end: what each field accepts, and what is stored and returned after
 * normalization — through create, through update, and read back with get.
 */

const h = useHarness();

type Data = CreateContactRequestInput;

/** Writes `data` through create and through update; both must store and return `expected`. */
async function expectStored(caller: Caller, data: Data, expected: Partial<Record<keyof Data, unknown>>) {
  const created = await caller.contact.create({ firstName: "Base", ...data });
  expect(created).toMatchObject(expected);
  expect(await caller.contact.get({ id: created.id })).toMatchObject(expected);

  const blank = await caller.contact.create({ firstName: "Base" });
  const updated = await caller.contact.update({ id: blank.id, data });
  expect(updated).toMatchObject(expected);
  expect(await caller.contact.get({ id: blank.id })).toMatchObject(expected);
}

/** `data` is rejected by create and by update, with an issue at `field`, and nothing is written. */
async function expectRejected(caller: Caller, data: Data, path: (string | number)[]) {
  const countBefore = (await caller.contact.list({ limit: 200 })).items.length;
  expect(await badRequestPaths(caller.contact.create({ firstName: "Base", ...data }))).toContainEqual(path);
  expect((await caller.contact.list({ limit: 200 })).items).toHaveLength(countBefore);

  const blank = await caller.contact.create({ firstName: "Base" });
  const before = await snapshot(caller, blank.id);
  expect(await badRequestPaths(caller.contact.update({ id: blank.id, data }))).toContainEqual([
    "data",
    ...path,
  ]);
  expect(await snapshot(caller, blank.id)).toEqual(before);
}

describe("firstName, lastName: 1–200 chars after trim, stored trimmed", () => {
  it("trims", async () => {
    const { caller } = await h.workspace();
    await expectStored(
      caller,
      { firstName: "  Ada\t", lastName: "\n Lovelace " },
      { firstName: "Ada", lastName: "Lovelace" },
    );
  });

  it("keeps inner spaces, case and any script", async () => {
    const { caller } = await h.workspace();
    await expectStored(
      caller,
      { firstName: "Anna Maria", lastName: "von Ärlig-Öberg" },
      {
        firstName: "Anna Maria",
        lastName: "von Ärlig-Öberg",
      },
    );
  });

  it("200 characters after trim are accepted, 201 rejected", async () => {
    const { caller } = await h.workspace();
    const max = "a".repeat(200);
    await expectStored(caller, { firstName: `  ${max} `, lastName: max }, { firstName: max, lastName: max });
    await expectRejected(caller, { firstName: `${max}a` }, ["firstName"]);
    await expectRejected(caller, { lastName: `${max}a` }, ["lastName"]);
  });

  it("a single character is enough", async () => {
    const { caller } = await h.workspace();
    await expectStored(caller, { firstName: " A ", lastName: "B" }, { firstName: "A", lastName: "B" });
  });

  it("a non-string is rejected", async () => {
    const { caller } = await h.workspace();
    // Text fields accept unknown input (blank → null runs first), so no cast is needed here.
    await expectRejected(caller, { lastName: 42 }, ["lastName"]);
  });
});

describe("email: valid, ≤ 254 chars, stored trimmed and lower-cased", () => {
  it("trims and lower-cases", async () => {
    const { caller } = await h.workspace();
    await expectStored(
      caller,
      { email: "  Ada.Lovelace+IR@Example.COM " },
      { email: "ada.lovelace+ir@example.com" },
    );
  });

  it("rejects addresses that are not valid", async () => {
    const { caller } = await h.workspace();
    for (const email of [
      "ada",
      "ada@",
      "@example.com",
      "ada@example",
      "ada lovelace@example.com",
      "a@@b.com",
    ]) {
      await expectRejected(caller, { email }, ["email"]);
    }
  });

  it("254 characters are accepted, 255 rejected", async () => {
    const { caller } = await h.workspace();
    const domain = `${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.com`; // 185 chars
    const at254 = `${"a".repeat(254 - domain.length - 1)}@${domain}`;
    expect(at254).toHaveLength(254);
    await expectStored(caller, { email: at254.toUpperCase() }, { email: at254 });
    await expectRejected(caller, { email: `a${at254}` }, ["email"]);
  });
});

describe("phone: valid in international form, stored as E.164", () => {
  it("normalizes spaces, dashes, dots and parentheses", async () => {
    const { caller } = await h.workspace();
    await expectStored(caller, { phone: " +46 70-123 45 67 " }, { phone: "+46701234567" });
    await expectStored(caller, { phone: "+1 (415) 555-2671" }, { phone: "+14155552671" });
    await expectStored(caller, { phone: "+44 20 7946 0958" }, { phone: "+442079460958" });
  });

  it("rejects national form, invalid numbers and text", async () => {
    const { caller } = await h.workspace();
    for (const phone of [
      "070-123 45 67",
      "+46 1",
      "+1 555",
      "phone",
      "+999 123456789",
      `+46${"1".repeat(70)}`,
    ]) {
      await expectRejected(caller, { phone }, ["phone"]);
    }
  });
});

describe("linkedInUrl: a personal profile, stored as https://www.linkedin.com/in/{slug}", () => {
  it.each([
    ["https://www.linkedin.com/in/ada-lovelace", "https://www.linkedin.com/in/ada-lovelace"],
    ["http://www.linkedin.com/in/ada-lovelace", "https://www.linkedin.com/in/ada-lovelace"],
    ["https://linkedin.com/in/ada-lovelace", "https://www.linkedin.com/in/ada-lovelace"],
    ["https://se.linkedin.com/in/ada-lovelace/", "https://www.linkedin.com/in/ada-lovelace"],
    [
      "https://www.linkedin.com/in/ada-lovelace/?trk=public_profile",
      "https://www.linkedin.com/in/ada-lovelace",
    ],
    ["https://www.linkedin.com/in/ada-lovelace#experience", "https://www.linkedin.com/in/ada-lovelace"],
    ["  HTTPS://WWW.LINKEDIN.COM/in/ada_lovelace-1815  ", "https://www.linkedin.com/in/ada_lovelace-1815"],
  ])("%s → %s", async (input, stored) => {
    const { caller } = await h.workspace();
    await expectStored(caller, { linkedInUrl: input }, { linkedInUrl: stored });
  });

  it.each([
    "https://www.linkedin.com/company/acme",
    "https://www.linkedin.com/school/kth",
    "https://www.linkedin.com/in/",
    "https://www.linkedin.com/in/ada/details/experience",
    "https://www.linkedin.com/",
    "ftp://www.linkedin.com/in/ada-lovelace",
    "https://www.linkedin.com.evil.example/in/ada-lovelace",
    "https://evil.example/in/ada-lovelace",
    "https://user:pw@www.linkedin.com/in/ada-lovelace",
    "www.linkedin.com/in/ada-lovelace",
    "not a url",
  ])("rejects %s", async (linkedInUrl) => {
    const { caller } = await h.workspace();
    await expectRejected(caller, { linkedInUrl }, ["linkedInUrl"]);
  });
});

describe("primaryLanguage: an ISO 639-1 code in any case, stored lower case", () => {
  it("lower-cases real codes", async () => {
    const { caller } = await h.workspace();
    await expectStored(caller, { primaryLanguage: "SV" }, { primaryLanguage: "sv" });
    await expectStored(caller, { primaryLanguage: "En" }, { primaryLanguage: "en" });
    await expectStored(caller, { primaryLanguage: "zu" }, { primaryLanguage: "zu" });
  });

  it("rejects two letters that are not a code, three-letter codes and names", async () => {
    const { caller } = await h.workspace();
    for (const primaryLanguage of ["xx", "qq", "zz", "eng", "swe", "English", "e"]) {
      await expectRejected(caller, { primaryLanguage }, ["primaryLanguage"]);
    }
  });
});

describe("profilePictureId: an int32, stored as given", () => {
  it("accepts the int32 bounds", async () => {
    const { caller } = await h.workspace();
    await expectStored(caller, { profilePictureId: 2147483647 }, { profilePictureId: 2147483647 });
    await expectStored(caller, { profilePictureId: -2147483648 }, { profilePictureId: -2147483648 });
    await expectStored(caller, { profilePictureId: 0 }, { profilePictureId: 0 });
  });

  it("rejects values just outside int32, fractions and strings", async () => {
    const { caller } = await h.workspace();
    for (const profilePictureId of [2147483648, -2147483649, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expectRejected(caller, { profilePictureId }, ["profilePictureId"]);
    }
    // @ts-expect-error a string is what this test sends
    await expectRejected(caller, { profilePictureId: "5" }, ["profilePictureId"]);
  });
});

describe("strategy: ≤ 10,000 chars, stored trimmed", () => {
  it("trims and keeps inner newlines", async () => {
    const { caller } = await h.workspace();
    await expectStored(
      caller,
      { strategy: "\n  Long only.\n\nNo tobacco.  " },
      { strategy: "Long only.\n\nNo tobacco." },
    );
  });

  it("10,000 characters after trim are accepted, 10,001 rejected", async () => {
    const { caller } = await h.workspace();
    const max = "s".repeat(10_000);
    await expectStored(caller, { strategy: ` ${max} ` }, { strategy: max });
    await expectRejected(caller, { strategy: `${max}s` }, ["strategy"]);
  });
});

describe("blocked: a boolean, as given", () => {
  it("stores true and false", async () => {
    const { caller } = await h.workspace();
    await expectStored(caller, { blocked: true }, { blocked: true });
    await expectStored(caller, { blocked: false }, { blocked: false });
  });

  it("rejects strings and numbers", async () => {
    const { caller } = await h.workspace();
    // @ts-expect-error a string is what this test sends
    await expectRejected(caller, { blocked: "true" }, ["blocked"]);
    // @ts-expect-error a number is what this test sends
    await expectRejected(caller, { blocked: 1 }, ["blocked"]);
  });
});

describe("tags: ≤ 100, each 1–64 chars after trim; trimmed, case-insensitive duplicates dropped", () => {
  it("trims and drops case-insensitive duplicates, keeping the first spelling and the order", async () => {
    const { caller } = await h.workspace();
    await expectStored(
      caller,
      { tags: [" VIP ", "ir", "vip", "IR", "Öl", "öl", "new"] },
      { tags: ["VIP", "ir", "Öl", "new"] },
    );
  });

  it("100 tags are accepted, 101 rejected", async () => {
    const { caller } = await h.workspace();
    const hundred = Array.from({ length: 100 }, (_, i) => `tag-${i}`);
    await expectStored(caller, { tags: hundred }, { tags: hundred });
    await expectRejected(caller, { tags: [...hundred, "tag-100"] }, ["tags"]);
  });

  it("64 characters after trim are accepted, 65 rejected", async () => {
    const { caller } = await h.workspace();
    const max = "t".repeat(64);
    await expectStored(caller, { tags: [` ${max} `] }, { tags: [max] });
    await expectRejected(caller, { tags: ["ok", `${max}t`] }, ["tags", 1]);
  });

  it("an empty or blank tag is rejected", async () => {
    const { caller } = await h.workspace();
    await expectRejected(caller, { tags: ["ok", ""] }, ["tags", 1]);
    await expectRejected(caller, { tags: ["   "] }, ["tags", 0]);
  });

  it("a non-array or non-string element is rejected", async () => {
    const { caller } = await h.workspace();
    // @ts-expect-error a string is what this test sends
    await expectRejected(caller, { tags: "vip" }, ["tags"]);
    // @ts-expect-error a number is what this test sends
    await expectRejected(caller, { tags: ["vip", 3] }, ["tags", 1]);
  });
});

describe("connections[].jobTitle: ≤ 200 chars, trimmed, empty → null", () => {
  it("trims and turns blank into null", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const globex = await caller.company.create({ name: "Globex" });
    const initech = await caller.company.create({ name: "Initech" });
    await expectStored(
      caller,
      {
        connections: [
          { company: existing(acme.id), jobTitle: "  Head of IR ", primary: true },
          { company: existing(globex.id), jobTitle: "   " },
          { company: existing(initech.id), jobTitle: null },
        ],
      },
      {
        connections: [
          { company: { id: acme.id, name: "Acme" }, jobTitle: "Head of IR", primary: true },
          { company: { id: globex.id, name: "Globex" }, jobTitle: null, primary: false },
          { company: { id: initech.id, name: "Initech" }, jobTitle: null, primary: false },
        ],
      },
    );
  });
});

describe("externalRefs: namespace 1–50 of [a-z0-9._-] any case → lower; id 1–255 as given", () => {
  it("lower-cases the namespace and keeps the id exactly", async () => {
    const { caller } = await h.workspace();
    await expectStoredOnce(
      caller,
      { externalRefs: [{ namespace: "Sales.Force_EU-2", id: " Ab/9 x " }] },
      {
        externalRefs: [{ namespace: "sales.force_eu-2", id: " Ab/9 x " }],
      },
    );
  });

  it("namespace: 50 characters accepted, 51 rejected; outside the alphabet rejected", async () => {
    const { caller } = await h.workspace();
    const ns50 = "N".repeat(50);
    await expectStoredOnce(
      caller,
      { externalRefs: [{ namespace: ns50, id: "1" }] },
      {
        externalRefs: [{ namespace: ns50.toLowerCase(), id: "1" }],
      },
    );
    await expectRejected(caller, { externalRefs: [{ namespace: `${ns50}n`, id: "1" }] }, [
      "externalRefs",
      0,
      "namespace",
    ]);
    for (const namespace of ["", "sales force", "sales/force", "crm:1", "åäö"]) {
      await expectRejected(caller, { externalRefs: [{ namespace, id: "1" }] }, [
        "externalRefs",
        0,
        "namespace",
      ]);
    }
  });

  it("id: 255 characters accepted, 256 and empty rejected", async () => {
    const { caller } = await h.workspace();
    const id255 = "i".repeat(255);
    await expectStoredOnce(
      caller,
      { externalRefs: [{ namespace: "crm", id: id255 }] },
      {
        externalRefs: [{ namespace: "crm", id: id255 }],
      },
    );
    await expectRejected(caller, { externalRefs: [{ namespace: "crm", id: `${id255}i` }] }, [
      "externalRefs",
      0,
      "id",
    ]);
    await expectRejected(caller, { externalRefs: [{ namespace: "crm", id: "" }] }, ["externalRefs", 0, "id"]);
  });
});

/** Like expectStored, for values only one contact may hold: create, then clear and update. */
async function expectStoredOnce(caller: Caller, data: Data, expected: Partial<Record<keyof Data, unknown>>) {
  const created = await caller.contact.create({ firstName: "Base", ...data });
  expect(created).toMatchObject(expected);
  expect(await caller.contact.get({ id: created.id })).toMatchObject(expected);
  await caller.contact.update({ id: created.id, data: { externalRefs: null } });
  const blank = await caller.contact.create({ firstName: "Base" });
  const updated = await caller.contact.update({ id: blank.id, data });
  expect(updated).toMatchObject(expected);
  expect(await caller.contact.get({ id: blank.id })).toMatchObject(expected);
}
