import { type Company, CompanyPage } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { badRequestPaths, type Caller, existing, expectTRPCError } from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §3 Company and §6 company.create / get / list. */

const h = useHarness();

async function allPages(caller: Caller, input: { search?: string; limit: number }) {
  const pages: Company[][] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await caller.company.list({ ...input, cursor });
    pages.push(page.items);
    if (page.nextCursor === null) return pages;
    expect(page.items).toHaveLength(input.limit);
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("company.create", () => {
  it("returns { id, name, domain, version, createdAt, updatedAt, warnings } with the name trimmed", async () => {
    const { caller } = await h.workspace();
    const { warnings, ...company } = await caller.company.create({ name: "  Acme Capital AB \n" });
    expect(company).toEqual({
      id: expect.any(String),
      name: "Acme Capital AB",
      domain: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: company.createdAt,
    });
    expect(warnings).toEqual([]);
    expect(new Date(company.createdAt).toISOString()).toBe(company.createdAt);
    expect(await caller.company.get({ id: company.id })).toEqual(company);
  });

  it("accepts 1 and 200 characters after trim; rejects empty, blank and 201", async () => {
    const { caller } = await h.workspace();
    expect((await caller.company.create({ name: " X " })).name).toBe("X");
    const max = "n".repeat(200);
    expect((await caller.company.create({ name: `  ${max}  ` })).name).toBe(max);
    for (const name of ["", "   ", `${max}n`]) {
      expect(await badRequestPaths(caller.company.create({ name }))).toEqual([["name"]]);
    }
    expect((await caller.company.list({})).items).toHaveLength(2);
  });

  it("rejects a missing name, a non-string and unknown keys", async () => {
    const { caller } = await h.workspace();
    // @ts-expect-error a missing name is what this test sends
    expect(await badRequestPaths(caller.company.create({}))).toEqual([["name"]]);
    // @ts-expect-error a number is what this test sends
    expect(await badRequestPaths(caller.company.create({ name: 5 }))).toEqual([["name"]]);
    // @ts-expect-error an unknown key is what this test sends
    expect(await badRequestPaths(caller.company.create({ name: "Acme", website: "x" }))).toEqual([
      ["website"],
    ]);
    expect((await caller.company.list({})).items).toEqual([]);
  });

  it("allows two companies of the same name (they are told apart by id)", async () => {
    const { caller } = await h.workspace();
    const a = await caller.company.create({ name: "Acme" });
    const b = await caller.company.create({ name: "Acme" });
    expect(a.id).not.toBe(b.id);
  });

  it("a contact's connection shows the company's current name", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const c = await caller.contact.create({
      firstName: "Ada",
      connections: [{ company: existing(acme.id), primary: true }],
    });
    expect(c.connections[0]?.company).toEqual({ id: acme.id, name: "Acme" });
  });
});

describe("company.get", () => {
  it("an unknown id is NOT_FOUND; an empty id BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    const error = await expectTRPCError(caller.company.get({ id: "no-such-company" }), "NOT_FOUND");
    expect(error.message).toBe("Company not found");
    expect(await badRequestPaths(caller.company.get({ id: "" }))).toEqual([["id"]]);
  });
});

describe("company.list", () => {
  it("lists by name, case-insensitively, in the CompanyPage shape", async () => {
    const { caller } = await h.workspace();
    for (const name of ["beta", "Alpha", "gamma", "Delta"]) await caller.company.create({ name });
    const page = await caller.company.list({});
    expect(CompanyPage.parse(page)).toEqual(page);
    expect(page.items.map((c) => c.name)).toEqual(["Alpha", "beta", "Delta", "gamma"]);
    expect(page.nextCursor).toBeNull();
  });

  it("search: case-insensitive substring of the name; % and _ are literal", async () => {
    const { caller } = await h.workspace();
    const names = [
      "Acme Capital",
      "ACME Partners",
      "Globex",
      "100% Ventures",
      "1000 Oaks",
      "a_b Holdings",
      "axb Fund",
    ];
    const byName = new Map<string, string>();
    for (const name of names) byName.set(name, (await caller.company.create({ name })).id);
    const search = async (term: string) =>
      (await caller.company.list({ search: term, limit: 200 })).items.map((c) => c.name).sort();

    expect(await search("acme")).toEqual(["ACME Partners", "Acme Capital"]);
    expect(await search("CAPITAL")).toEqual(["Acme Capital"]);
    expect(await search("lob")).toEqual(["Globex"]);
    expect(await search("100%")).toEqual(["100% Ventures"]);
    expect(await search("%")).toEqual(["100% Ventures"]);
    expect(await search("a_b")).toEqual(["a_b Holdings"]);
    expect(await search("_")).toEqual(["a_b Holdings"]);
    expect(await search("  globex ")).toEqual(["Globex"]);
    expect(await search("nothing")).toEqual([]);
    expect(await search("")).toHaveLength(names.length);
    expect(await search("   ")).toHaveLength(names.length);
  });

  it("search is case-insensitive beyond ASCII", async () => {
    const { caller } = await h.workspace();
    await caller.company.create({ name: "Ärlig Kapital" });
    await caller.company.create({ name: "ΟΔΥΣΣΕΑΣ Capital" });
    const search = async (term: string) =>
      (await caller.company.list({ search: term })).items.map((c) => c.name);
    expect(await search("ärlig")).toEqual(["Ärlig Kapital"]);
    expect(await search("ÄRLIG")).toEqual(["Ärlig Kapital"]);
    expect(await search("ΟΔΥΣΣΕΑΣ")).toEqual(["ΟΔΥΣΣΕΑΣ Capital"]);
  });

  it("pages every company exactly once, including names equal but for case", async () => {
    const { caller } = await h.workspace();
    const names = [
      "acme",
      "ACME",
      "Acme",
      "Beta",
      "beta",
      "Gamma",
      "delta",
      "Epsilon",
      "zeta",
      "Eta",
      "theta",
      "Iota",
      "kappa",
      "Lambda",
      "mu",
      "Nu",
      "xi",
      "Omicron",
      "pi",
      "Rho",
      "sigma",
      "Tau",
      "upsilon",
    ];
    const created = [];
    for (const name of names) created.push(await caller.company.create({ name }));
    const pages = await allPages(caller, { limit: 5 });
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    const seen = pages.flat();
    expect(seen.map((c) => c.id).sort()).toEqual(created.map((c) => c.id).sort());
    const lower = seen.map((c) => c.name.toLowerCase());
    expect(lower).toEqual([...lower].sort());
  });

  it("pages names that lower-case differently in JavaScript and PostgreSQL exactly once", async () => {
    const { caller } = await h.workspace();
    const names = [
      "ΟΔΥΣΣΕΑΣ A",
      "ΟΔΥΣΣΕΑΣ",
      "ΟΔΥΣΣΕΑΣ B",
      "İstanbul Invest",
      "Istanbul Invest",
      "Ärlig",
      "Zeta",
    ];
    const created = [];
    for (const name of names) created.push(await caller.company.create({ name }));
    for (const limit of [1, 2, 3]) {
      const seen = (await allPages(caller, { limit })).flat().map((c) => c.id);
      expect(seen.sort()).toEqual(created.map((c) => c.id).sort());
    }
  });

  it("pages a search exactly once", async () => {
    const { caller } = await h.workspace();
    const funds = [];
    for (let i = 0; i < 12; i++) {
      const c = await caller.company.create({ name: i % 3 ? `Fund ${i}` : `Bank ${i}` });
      if (i % 3) funds.push(c.id);
    }
    const pages = await allPages(caller, { search: "fund", limit: 3 });
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(
      pages
        .flat()
        .map((c) => c.id)
        .sort(),
    ).toEqual(funds.sort());
  });

  it("limit: default 50, 1 and 200 accepted, 0 and 201 BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    for (let i = 0; i < 51; i++)
      await caller.company.create({ name: `Company ${String(i).padStart(2, "0")}` });
    const first = await caller.company.list({});
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    expect((await caller.company.list({ cursor: first.nextCursor })).items.map((c) => c.name)).toEqual([
      "Company 50",
    ]);
    expect((await caller.company.list({ limit: 1 })).items).toHaveLength(1);
    const all = await caller.company.list({ limit: 200 });
    expect(all.items).toHaveLength(51);
    expect(all.nextCursor).toBeNull();
    for (const limit of [0, 201, 2.5]) {
      expect(await badRequestPaths(caller.company.list({ limit }))).toEqual([["limit"]]);
    }
  });

  it("a cursor it did not hand out is BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    await caller.company.create({ name: "Acme" });
    for (const cursor of [
      "garbage",
      Buffer.from("[1,2]").toString("base64url"),
      Buffer.from("{}").toString("base64url"),
    ]) {
      expect(await badRequestPaths(caller.company.list({ cursor }))).toEqual([["cursor"]]);
    }
  });
});
