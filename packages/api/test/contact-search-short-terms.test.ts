import type { Contact } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { useHarness } from "./support/harness";

/**
 * docs/api.md §6 contact.list search with terms of 1–2 characters (no trigram; their own index)
 * beside 3 characters (trigram index): the same case-insensitive substring match.
 * packages/db/test/search-short-terms.test.ts covers workspaces beyond the newest 5,000.
 */

const h = useHarness();

describe("search terms of 1 and 2 characters", () => {
  it("match exactly the contacts whose name or email holds them, in any case", async () => {
    const { caller } = await h.workspace();
    const make = (firstName: string | null, lastName: string | null, email: string | null) =>
      caller.contact.create({ firstName, lastName, email });
    const zoe = await make("Zoë", "Qvist", "zoe@kvist.se");
    const asa = await make("Åsa", "Öberg", null);
    const greek = await make(null, "ΟΔΥΣΣΕΑΣ", null);
    const percent = await make("100%_off", "k\\s", "per_cent@shop.io");
    const xu = await make("Xu", "Li", null);
    const plain = await make("Anna", "Berg", "anna@berg.se");

    const search = async (term: string) =>
      (await caller.contact.list({ search: term, limit: 200 })).items.map((c: Contact) => c.id).sort();
    const sorted = (...cs: Contact[]) => cs.map((c) => c.id).sort();

    expect(await search("q")).toEqual(sorted(zoe));
    expect(await search("Q")).toEqual(sorted(zoe));
    expect(await search("qV")).toEqual(sorted(zoe));
    expect(await search("qvi")).toEqual(sorted(zoe));
    expect(await search("ë")).toEqual(sorted(zoe));
    expect(await search("Ë")).toEqual(sorted(zoe));
    expect(await search("ö")).toEqual(sorted(asa));
    expect(await search("ÖB")).toEqual(sorted(asa));
    expect(await search("åS")).toEqual(sorted(asa));
    expect(await search("σ")).toEqual(sorted(greek));
    expect(await search("ΣΕ")).toEqual(sorted(greek));
    expect(await search("%")).toEqual(sorted(percent));
    expect(await search("_")).toEqual(sorted(percent));
    expect(await search("\\")).toEqual(sorted(percent));
    expect(await search("%_")).toEqual(sorted(percent));
    expect(await search("0%")).toEqual(sorted(percent));
    expect(await search("xu")).toEqual(sorted(xu));
    expect(await search("xq")).toEqual([]);
    expect(await search("é")).toEqual([]);
    expect(await search("b")).toEqual(sorted(asa, plain));
    expect(await search("be")).toEqual(sorted(asa, plain));
    expect(await search("ber")).toEqual(sorted(asa, plain));
    expect(await search("a")).toEqual(sorted(asa, plain));
    // Name and email are joined with spaces, so a term can span them (3 characters here:
    // a term of 1–2 characters is trimmed before it could hold a space).
    expect(await search("ë q")).toEqual(sorted(zoe));
    expect(await search("u l")).toEqual(sorted(xu));
    expect(await search(" q ")).toEqual(sorted(zoe));
  });

  it("page newest first, each contact once", async () => {
    const { caller } = await h.workspace();
    const made: Contact[] = [];
    for (let i = 0; i < 9; i++)
      made.push(await caller.contact.create({ firstName: i % 3 === 0 ? `Ax${i}` : `Bo${i}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Contact[]; nextCursor: string | null } = await caller.contact.list({
        search: "x",
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(
      made
        .filter((_, i) => i % 3 === 0)
        .map((c) => c.id)
        .reverse(),
    );
  });
});
