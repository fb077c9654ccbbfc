import { ENSURE_COMPANIES_MAX } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { badRequestPaths } from "./support/contract";
import { useHarness } from "./support/harness";

/** company.ensure: companies by name for imports, found case-insensitively or created once. */

const h = useHarness();

describe("company.ensure", () => {
  it("finds existing names case-insensitively, creates the others once, in the order given", async () => {
    const { caller } = await h.workspace();
    const aurora = await caller.company.create({ name: "Aurora Pension" });
    const { companies } = await caller.company.ensure({
      names: ["New Ventures AB", " aurora pension ", "NEW VENTURES AB", "Nordic Capital"],
    });
    expect(companies).toEqual([
      { name: "New Ventures AB", id: expect.any(String), created: true },
      { name: "aurora pension", id: aurora.id, created: false },
      { name: "Nordic Capital", id: expect.any(String), created: true },
    ]);
    const again = await caller.company.ensure({ names: ["new ventures ab"] });
    expect(again.companies).toEqual([{ name: "new ventures ab", id: companies[0]!.id, created: false }]);
    expect((await caller.company.list({ limit: 10 })).items).toHaveLength(3);
  });

  it("means the oldest where several companies share a name", async () => {
    const { caller } = await h.workspace();
    const first = await caller.company.create({ name: "Twin" });
    await caller.company.create({ name: "twin" });
    const { companies } = await caller.company.ensure({ names: ["TWIN"] });
    expect(companies[0]?.id).toBe(first.id);
  });

  it("never creates one name twice under concurrent calls", async () => {
    const { caller } = await h.workspace();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => caller.company.ensure({ names: ["Race Co", "Other Co"] })),
    );
    const ids = new Set(results.map((r) => r.companies[0]!.id));
    expect(ids.size).toBe(1);
    expect((await caller.company.list({ limit: 10 })).items.map((c) => c.name).sort()).toEqual([
      "Other Co",
      "Race Co",
    ]);
  });

  it("keeps to its workspace", async () => {
    const one = await h.workspace();
    const two = await h.workspace();
    const a = await one.caller.company.ensure({ names: ["Shared Name"] });
    const b = await two.caller.company.ensure({ names: ["Shared Name"] });
    expect(b.companies[0]).toMatchObject({ created: true });
    expect(b.companies[0]!.id).not.toBe(a.companies[0]!.id);
  });

  it(`takes 1 to ${ENSURE_COMPANIES_MAX} valid names`, async () => {
    const { caller } = await h.workspace();
    expect(await badRequestPaths(caller.company.ensure({ names: [] }))).toEqual([["names"]]);
    expect(await badRequestPaths(caller.company.ensure({ names: ["ok", "  "] }))).toEqual([["names", 1]]);
    const many = (n: number) => Array.from({ length: n }, (_, i) => `Co ${i}`);
    expect(await badRequestPaths(caller.company.ensure({ names: many(ENSURE_COMPANIES_MAX + 1) }))).toEqual([
      ["names"],
    ]);
    const { companies } = await caller.company.ensure({ names: many(ENSURE_COMPANIES_MAX) });
    expect(companies.filter((c) => c.created)).toHaveLength(ENSURE_COMPANIES_MAX);
  });
});
