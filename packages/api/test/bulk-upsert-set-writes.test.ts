import { describe, expect, it } from "vitest";
import { existing } from "./support/contract";
import { useHarness } from "./support/harness";

/**
 * contact.bulkUpsert writes set by set (docs/decisions.md, "Bulk writes"): a fixed number of
 * statements whatever the batch's size, references moving between contacts of one batch, and
 * concurrent writers of the same contacts and references losing nothing and duplicating nothing.
 */

let recording = false;
let statements = 0;
const h = useHarness({
  onQuery: () => {
    if (recording) statements++;
  },
});

async function counted<T>(call: () => Promise<T>): Promise<{ value: T; statements: number }> {
  statements = 0;
  recording = true;
  try {
    return { value: await call(), statements };
  } finally {
    recording = false;
  }
}

describe("contact.bulkUpsert set-based writes", () => {
  it("reads once and writes once for a batch of 1 and of 500, creates and updates alike", async () => {
    const { caller } = await h.workspace();
    const co = await caller.company.create({ name: "Aurora" });
    const items = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({
        ref: { namespace: "crm", id: `c-${i}` },
        data: {
          firstName: `P${i}`,
          tags: [tag],
          connections: [{ company: existing(co.id), jobTitle: "CIO", primary: true }],
        },
      }));
    const one = await counted(() => caller.contact.bulkUpsert({ items: items(1, "a") }));
    const created = await counted(() => caller.contact.bulkUpsert({ items: items(500, "a") }));
    const updated = await counted(() => caller.contact.bulkUpsert({ items: items(500, "b") }));
    const unchanged = await counted(() => caller.contact.bulkUpsert({ items: items(500, "b") }));
    expect([one.statements, created.statements, updated.statements, unchanged.statements]).toEqual([
      2, 2, 2, 1,
    ]);
    expect(created.value.results.filter((r) => r.ok && r.outcome === "created")).toHaveLength(499);
    expect(updated.value.results.every((r) => r.ok && r.outcome === "updated")).toBe(true);
    expect(unchanged.value.results.every((r) => r.ok && r.outcome === "unchanged")).toBe(true);
    const sample = await caller.contact.findByExternalRef({ namespace: "crm", id: "c-7" });
    expect(sample).toMatchObject({
      tags: ["b"],
      version: 2,
      connections: [{ jobTitle: "CIO", primary: true }],
    });
    const history = await caller.contact.history({ id: sample.id });
    expect(history.items.map((e) => Object.keys(e.changes))).toEqual([["tags"], expect.any(Array)]);
  });

  it("moves references between contacts of one batch, as items applied in order would", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A", externalRefs: [{ namespace: "sf", id: "1" }] });
    const b = await caller.contact.create({ firstName: "B", externalRefs: [{ namespace: "sf", id: "2" }] });
    const { results } = await caller.contact.bulkUpsert({
      items: [
        { id: a.id, data: { externalRefs: [{ namespace: "sf", id: "3" }] } },
        {
          id: b.id,
          data: {
            externalRefs: [
              { namespace: "sf", id: "1" },
              { namespace: "sf", id: "2" },
            ],
          },
        },
        // sf/3 was claimed by the first item: taken, as it would be one call after the other.
        { data: { firstName: "C", externalRefs: [{ namespace: "sf", id: "3" }] } },
      ],
    });
    expect(results.map((r) => (r.ok ? r.outcome : r.error.reason))).toEqual([
      "updated",
      "updated",
      "EXTERNAL_REF_TAKEN",
    ]);
    expect((await caller.contact.get({ id: a.id })).externalRefs).toEqual([{ namespace: "sf", id: "3" }]);
    expect((await caller.contact.get({ id: b.id })).externalRefs).toEqual([
      { namespace: "sf", id: "1" },
      { namespace: "sf", id: "2" },
    ]);
  });

  it("loses no concurrent update: single writes and bulk writes of the same contacts all land", async () => {
    const { caller } = await h.workspace();
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => caller.contact.create({ firstName: `P${i}`, tags: [] })),
    );
    // Each writer appends its own tag to every contact with expectedVersion, retrying on
    // conflicts: no write may be lost, so every contact ends with every tag.
    const writers = ["w1", "w2", "w3"];
    const bulkWriter = async (tag: string) => {
      for (let round = 0; round < 30; round++) {
        const current = await Promise.all(people.map((p) => caller.contact.get({ id: p.id })));
        const todo = current.filter((c) => !c.tags.includes(tag));
        if (todo.length === 0) return;
        await caller.contact.bulkUpsert({
          items: todo.map((c) => ({
            id: c.id,
            expectedVersion: c.version,
            data: { tags: [...c.tags, tag] },
          })),
        });
      }
      throw new Error(`${tag} did not finish`);
    };
    const singleWriter = async () => {
      for (const p of people) {
        for (let round = 0; ; round++) {
          const c = await caller.contact.get({ id: p.id });
          try {
            await caller.contact.update({
              id: c.id,
              expectedVersion: c.version,
              data: { tags: [...c.tags, "s"] },
            });
            break;
          } catch (err) {
            if (round > 50) throw err;
          }
        }
      }
    };
    await Promise.all([...writers.map(bulkWriter), singleWriter()]);
    for (const p of people) {
      const c = await caller.contact.get({ id: p.id });
      expect([...c.tags].sort()).toEqual(["s", "w1", "w2", "w3"]);
      expect(c.version).toBe(5);
      expect((await caller.contact.history({ id: c.id, limit: 50 })).items).toHaveLength(5);
    }
  });

  it("writes whole rows only at the version it read: concurrent writers of other fields keep theirs", async () => {
    const { caller } = await h.workspace();
    const people = await Promise.all(
      Array.from({ length: 10 }, (_, i) => caller.contact.create({ firstName: `P${i}` })),
    );
    // Without expectedVersion, each bulk writer sets only its own field, round after round;
    // a whole-row write made from a stale read would put another writer's field back.
    const fields = ["lastName", "strategy", "primaryLanguage"] as const;
    const values = {
      lastName: (r: number) => `L${r}`,
      strategy: (r: number) => `S${r}`,
      primaryLanguage: (r: number) => ["sv", "de", "fr", "en"][r % 4]!,
    };
    const ROUNDS = 12;
    const bulk = async (field: (typeof fields)[number]) => {
      for (let round = 0; round < ROUNDS; round++) {
        const { results } = await caller.contact.bulkUpsert({
          items: people.map((p) => ({ id: p.id, data: { [field]: values[field](round) } })),
        });
        expect(results.filter((r) => !r.ok)).toEqual([]);
      }
    };
    const single = async () => {
      for (let round = 0; round < ROUNDS; round++) {
        for (const p of people)
          await caller.contact.update({ id: p.id, data: { email: `r${round}@example.com` } });
      }
    };
    await Promise.all([...fields.map(bulk), single()]);
    for (const p of people) {
      const c = await caller.contact.get({ id: p.id });
      expect(c).toMatchObject({
        lastName: values.lastName(ROUNDS - 1),
        strategy: values.strategy(ROUNDS - 1),
        primaryLanguage: values.primaryLanguage(ROUNDS - 1),
        email: `r${ROUNDS - 1}@example.com`,
      });
      const history = await caller.contact.history({ id: p.id, limit: 200 });
      expect(history.items.length).toBe(c.version);
    }
  });

  it("never duplicates a reference under concurrent bulk upserts of the same new references", async () => {
    const { caller } = await h.workspace();
    const items = Array.from({ length: 50 }, (_, i) => ({
      ref: { namespace: "hubspot", id: `h-${i}` },
      data: { firstName: `H${i}` },
    }));
    const runs = await Promise.all(Array.from({ length: 4 }, () => caller.contact.bulkUpsert({ items })));
    for (const run of runs) expect(run.results.every((r) => r.ok)).toBe(true);
    const all = await caller.contact.list({ limit: 200 });
    expect(all.items).toHaveLength(50);
    const created = runs.flatMap((r) => r.results).filter((r) => r.ok && r.outcome === "created");
    expect(created).toHaveLength(50);
  });
});
