import type { Company, UpdateContactRequestInput } from "@contacts/contracts";
import { afterAll, describe, expect, it, vi } from "vitest";
import { useHarness } from "./support/harness";

/**
 * The hot path's round trips are small and fixed (docs/decisions.md, Writes). drizzle's logger sees every
 * statement drizzle sends, so counting its calls counts round trips; a spy on `transaction`
 * makes sure no BEGIN/COMMIT hides beside them (the driver sends those without logging).
 */
let recording = false;
const statements: string[] = [];
const measured: Record<string, number> = {};

const h = useHarness({
  onQuery: (query) => {
    if (recording) statements.push(query);
  },
});
afterAll(() => {
  console.log(
    `SQL statements per call (${h.conn.driver}):\n${Object.entries(measured)
      .map(([name, n]) => `  ${name}: ${n}`)
      .join("\n")}`,
  );
});

async function workspace(companyCount = 3) {
  const { caller } = await h.workspace("Round trips");
  const companies: Company[] = [];
  for (let i = 0; i < companyCount; i++)
    companies.push(await caller.company.create({ name: `Company ${i}` }));
  const contact = await caller.contact.create({
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    tags: ["vip"],
    connections: [{ company: { kind: "existing", id: companies[0]!.id }, primary: true }],
    externalRefs: [{ namespace: "crm", id: "1" }],
  });
  return { caller, companies, contact };
}

/** Runs `call`, returning how many statements it sent; settles rejections so they can be asserted. */
async function countStatements(name: string, call: () => Promise<unknown>) {
  const transaction = vi.spyOn(h.db, "transaction");
  statements.length = 0;
  recording = true;
  let outcome: { ok: true } | { ok: false; error: unknown };
  try {
    await call();
    outcome = { ok: true };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    recording = false;
  }
  expect(transaction).not.toHaveBeenCalled();
  transaction.mockRestore();
  measured[name] = statements.length;
  return { count: statements.length, statements: [...statements], outcome };
}

describe("contact.update round trips", () => {
  it("a patch without lists: one statement that reads, decides and writes", async () => {
    const { caller, contact } = await workspace();
    const data: UpdateContactRequestInput = {
      firstName: "Augusta",
      email: "AUGUSTA@example.com",
      phone: "+46701234567",
      blocked: true,
      strategy: null,
    };
    const {
      count,
      statements: sent,
      outcome,
    } = await countStatements("update, scalars only", () => caller.contact.update({ id: contact.id, data }));
    expect(outcome.ok).toBe(true);
    expect(count).toBe(1);
    expect(sent[0]).toMatch(/^with/i);
    expect((await caller.contact.get({ id: contact.id })).version).toBe(2);
  });

  it("a patch without lists that changes nothing: one statement, nothing written", async () => {
    const { caller, contact } = await workspace();
    const { count, outcome } = await countStatements("update, no-op without lists", () =>
      caller.contact.update({ id: contact.id, data: { firstName: "  Ada ", email: "ADA@example.com" } }),
    );
    expect(outcome.ok).toBe(true);
    expect(count).toBe(1);
    expect(await caller.contact.get({ id: contact.id })).toEqual(contact);
    expect((await caller.contact.history({ id: contact.id })).items).toHaveLength(1);
  });

  it("a patch replacing tags, connections and externalRefs: still one read, one write", async () => {
    const { caller, contact, companies } = await workspace();
    const { count, outcome } = await countStatements("update, all three lists replaced", () =>
      caller.contact.update({
        id: contact.id,
        data: {
          tags: ["a", "b", "c"],
          connections: [
            { company: { kind: "existing", id: companies[1]!.id }, primary: true },
            { company: { kind: "existing", id: companies[0]!.id }, jobTitle: "Board" },
          ],
          externalRefs: [
            { namespace: "crm", id: "2" },
            { namespace: "hubspot", id: "9" },
          ],
        },
      }),
    );
    expect(outcome.ok).toBe(true);
    expect(count).toBe(2);
    const stored = await caller.contact.get({ id: contact.id });
    expect(stored.connections.map((c) => c.company.id)).toEqual([companies[1]!.id, companies[0]!.id]);
    expect(stored.externalRefs).toHaveLength(2);
  });

  it("the count does not grow with the size of the lists", async () => {
    const { caller, contact, companies } = await workspace(20);
    const { count, outcome } = await countStatements("update, everything at once with long lists", () =>
      caller.contact.update({
        id: contact.id,
        data: {
          lastName: "Byron",
          primaryLanguage: "EN",
          tags: Array.from({ length: 100 }, (_, i) => `tag ${i}`),
          connections: companies.map((c, i) => ({
            company: { kind: "existing", id: c.id },
            primary: i === 19,
          })),
          externalRefs: Array.from({ length: 50 }, (_, i) => ({ namespace: "bulk", id: String(i) })),
        },
      }),
    );
    expect(outcome.ok).toBe(true);
    expect(count).toBe(2);
    const stored = await caller.contact.get({ id: contact.id });
    expect([stored.tags.length, stored.connections.length, stored.externalRefs.length]).toEqual([
      100, 20, 50,
    ]);
  });

  it("a no-op (equal after normalization): one read, nothing written", async () => {
    const { caller, contact, companies } = await workspace();
    const { count, outcome } = await countStatements("update, no-op", () =>
      caller.contact.update({
        id: contact.id,
        data: {
          firstName: "  Ada ",
          email: "ADA@example.com",
          tags: ["vip", "VIP"],
          connections: [
            { company: { kind: "existing", id: companies[0]!.id }, primary: true, jobTitle: " " },
          ],
          externalRefs: [{ namespace: "CRM", id: "1" }],
        },
      }),
    );
    expect(outcome.ok).toBe(true);
    expect(count).toBe(1);
    expect(await caller.contact.get({ id: contact.id })).toEqual(contact);
  });

  it("rejections the read can decide cost one statement and write nothing", async () => {
    const { caller, contact } = await workspace();
    const other = await caller.contact.create({
      lastName: "Holder",
      externalRefs: [{ namespace: "crm", id: "taken" }],
    });
    const cases: [string, string, UpdateContactRequestInput, number?][] = [
      ["update, stale expectedVersion", contact.id, { firstName: "X" }, 9],
      ["update, unknown contact", "missing", { firstName: "X" }],
      [
        "update, unknown company",
        contact.id,
        { connections: [{ company: { kind: "existing", id: "nope" }, primary: true }] },
      ],
      ["update, external ref taken", contact.id, { externalRefs: [{ namespace: "crm", id: "taken" }] }],
    ];
    for (const [name, id, data, expectedVersion] of cases) {
      const { count, outcome } = await countStatements(name, () =>
        caller.contact.update({ id, data, ...(expectedVersion ? { expectedVersion } : {}) }),
      );
      expect(outcome.ok, name).toBe(false);
      expect(count, name).toBe(1);
    }
    const invalid = await countStatements("update, invalid input", () =>
      caller.contact.update({ id: contact.id, data: { email: "not an email" } }),
    );
    expect(invalid.outcome.ok).toBe(false);
    expect(invalid.count).toBe(0);
    expect(await caller.contact.get({ id: contact.id })).toEqual(contact);
    expect((await caller.contact.get({ id: other.id })).version).toBe(1);
  });

  it("reads and creates are fixed too", async () => {
    const { caller, contact, companies } = await workspace();
    expect((await countStatements("contact.get", () => caller.contact.get({ id: contact.id }))).count).toBe(
      1,
    );
    const created = await countStatements("contact.create with all three lists", () =>
      caller.contact.create({
        firstName: "Mary",
        tags: ["x", "y"],
        connections: [{ company: { kind: "existing", id: companies[2]!.id }, primary: true }],
        externalRefs: [{ namespace: "crm", id: "mary" }],
      }),
    );
    expect(created.outcome.ok).toBe(true);
    expect(created.count).toBe(2);
  });
});
