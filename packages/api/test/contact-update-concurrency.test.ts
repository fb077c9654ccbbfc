import { isDeepStrictEqual } from "node:util";
import type {
  Company,
  Contact,
  ContactField,
  HistoryEntry,
  UpdateContactRequestInput,
} from "@contacts/contracts";
import { queryRows } from "@contacts/db";
import { testDatabaseUrl } from "@contacts/db/testing";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ConflictError } from "../src/errors";
import { useHarness } from "./support/harness";

/**
 * docs/api.md §4.8 and §4.10 under real contention. Only a PostgreSQL server has real parallel
 * sessions (PGlite runs one statement at a time), so these run only with TEST_DATABASE_URL.
 * Every batch is fired at once with Promise.allSettled: the calls really race.
 */
const WRITERS = 20;

describe.skipIf(!testDatabaseUrl())("contact.update under concurrency (PostgreSQL)", () => {
  // One connection per writer, so the writers are not serialized by the pool.
  const h = useHarness({ maxConnections: 25 });

  async function workspace() {
    const { ws, caller } = await h.workspace("Concurrency");
    return { ws, caller };
  }
  type Caller = Awaited<ReturnType<typeof workspace>>["caller"];

  /** Never a 500: every failure is a TRPCError of an expected code. */
  function rejections<T>(results: PromiseSettledResult<T>[]): TRPCError[] {
    return results.flatMap((r) => {
      if (r.status === "fulfilled") return [];
      expect(r.reason).toBeInstanceOf(TRPCError);
      expect((r.reason as TRPCError).code).not.toBe("INTERNAL_SERVER_ERROR");
      return [r.reason as TRPCError];
    });
  }

  function expectAllFulfilled<T>(results: PromiseSettledResult<T>[]): T[] {
    expect(rejections(results).map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  }

  async function historyOf(caller: Caller, id: string): Promise<HistoryEntry[]> {
    const page = await caller.contact.history({ id, limit: 200 });
    expect(page.nextCursor).toBeNull();
    return page.items;
  }

  /**
   * The entries touching `field`, in the order they were applied, recovered from their
   * `{ from, to }` alone: each must start from exactly what the previous one left. A lost update
   * (two writers both working from the same stored value) breaks the chain.
   */
  function appliedChain(history: HistoryEntry[], field: ContactField, initial: unknown): unknown[] {
    const pending = history.filter((h) => field in h.changes).map((h) => h.changes[field]!);
    const applied: unknown[] = [];
    let current = initial;
    while (pending.length) {
      const next = pending.findIndex((c) => isDeepStrictEqual(c.from, current));
      if (next < 0) {
        throw new Error(
          `history of ${field} does not chain from ${JSON.stringify(current)}: ${JSON.stringify(pending).slice(0, 400)}`,
        );
      }
      current = pending.splice(next, 1)[0]!.to;
      applied.push(current);
    }
    return applied;
  }

  /** Newest first (docs/api.md §6): the list order of history is the order the versions were written. */
  function expectNewestFirst(history: HistoryEntry[], field: ContactField) {
    const chronological = [...history].reverse().filter((h) => field in h.changes);
    for (let i = 1; i < chronological.length; i++) {
      expect(chronological[i]!.changes[field]!.from).toEqual(chronological[i - 1]!.changes[field]!.to);
    }
  }

  it("20 parallel updates of different fields all persist: no lost update", async () => {
    const { caller } = await workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const initial = await caller.contact.create({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
    });
    // Every field once (12 writes), then 8 fields a second time with another value: 20 distinct
    // field/value writes. Values are given in stored (normalized) form so they compare as is.
    const writes: UpdateContactRequestInput[] = [
      { firstName: "Grace" },
      { lastName: "Hopper" },
      { email: "grace@example.org" },
      { phone: "+46701234567" },
      { linkedInUrl: "https://www.linkedin.com/in/grace-hopper" },
      { primaryLanguage: "sv" },
      { profilePictureId: 7 },
      { strategy: "Long only" },
      { blocked: true },
      { tags: ["vip", "IR"] },
      { connections: [{ company: { kind: "existing", id: acme.id }, jobTitle: "CFO", primary: true }] },
      { externalRefs: [{ namespace: "salesforce", id: "003-grace" }] },
      { firstName: "Amazing" },
      { lastName: "Grace" },
      { email: "amazing@example.net" },
      { phone: "+46701234568" },
      { primaryLanguage: "fi" },
      { profilePictureId: -2147483648 },
      { strategy: "Activist" },
      { tags: ["board"] },
    ];
    expect(writes).toHaveLength(WRITERS);

    const results = await Promise.allSettled(
      writes.map((data) => caller.contact.update({ id: initial.id, data })),
    );
    const returned = expectAllFulfilled(results);

    const final = await caller.contact.get({ id: initial.id });
    expect(final.version).toBe(WRITERS + 1);
    expect(returned.map((c) => c.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: WRITERS }, (_, i) => i + 2),
    );
    const history = await historyOf(caller, initial.id);
    expect(history).toHaveLength(WRITERS + 1); // the 20 updates and the create
    const updates = history.slice(0, WRITERS);
    for (const entry of updates) expect(Object.keys(entry.changes)).toHaveLength(1);

    const fields = [...new Set(writes.flatMap((w) => Object.keys(w)))] as ContactField[];
    expect(fields).toHaveLength(12);
    for (const field of fields) {
      const submitted = writes.filter((w) => field in w).map((w) => w[field]);
      const stored =
        field === "connections"
          ? submitted.map(() => [{ company: { id: acme.id, name: "Acme" }, jobTitle: "CFO", primary: true }])
          : submitted;
      const chain = appliedChain(updates, field, initial[field]);
      // Each write applied exactly once, on top of the one before it…
      expect(chain).toHaveLength(submitted.length);
      for (const value of stored) expect(chain).toContainEqual(value);
      // …and the last one applied is what is stored.
      expect(final[field]).toEqual(chain.at(-1));
      expectNewestFirst(updates, field);
    }
    // A field written once holds exactly that value.
    expect(final).toMatchObject({
      linkedInUrl: "https://www.linkedin.com/in/grace-hopper",
      blocked: true,
      externalRefs: [{ namespace: "salesforce", id: "003-grace" }],
    });
  });

  it("updatedAt and history times never go backwards under contention", async () => {
    const { caller } = await workspace();
    const contact = await caller.contact.create({ firstName: "Clock" });
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) =>
        caller.contact.update({ id: contact.id, data: { strategy: `plan ${i}` } }),
      ),
    );
    const returned = expectAllFulfilled(results).sort((a, b) => a.version - b.version);
    // In version order, each write is at or after the one it was applied on top of.
    const updatedAt = returned.map((c) => Date.parse(c.updatedAt));
    expect(updatedAt).toEqual([...updatedAt].sort((a, b) => a - b));
    const history = await historyOf(caller, contact.id);
    const at = history.map((h) => Date.parse(h.at));
    expect(at).toEqual([...at].sort((a, b) => b - a));
    const final = await caller.contact.get({ id: contact.id });
    expect(final.updatedAt).toBe(history[0]!.at);
  });

  it("20 parallel tag replacements leave exactly one submitted list, never a mix", async () => {
    const { caller } = await workspace();
    const contact = await caller.contact.create({ firstName: "Tag", tags: ["start"] });
    // Lists of different lengths, so a mix of two would show.
    const lists = Array.from({ length: WRITERS }, (_, i) =>
      Array.from({ length: 1 + (i % 5) }, (_, k) => `tag-${i}-${k}`),
    );
    const results = await Promise.allSettled(
      lists.map((tags) => caller.contact.update({ id: contact.id, data: { tags } })),
    );
    expectAllFulfilled(results);

    const final = await caller.contact.get({ id: contact.id });
    expect(lists).toContainEqual(final.tags);
    expect(final.version).toBe(WRITERS + 1);
    const updates = (await historyOf(caller, contact.id)).slice(0, WRITERS);
    expect(updates).toHaveLength(WRITERS);
    const chain = appliedChain(updates, "tags", ["start"]);
    expect([...chain].sort()).toEqual([...lists].sort());
    expect(final.tags).toEqual(chain.at(-1));
    expectNewestFirst(updates, "tags");

    // The lower-cased copy the tag filter uses moved with the list.
    const [row] = await queryRows<{ tags: string[]; tag_keys: string[] }>(
      h.db,
      sql`select tags, tag_keys from contacts where id = ${contact.id}`,
    );
    expect(row?.tag_keys).toEqual(final.tags.map((t) => t.toLowerCase()));
  });

  it("20 parallel connection replacements leave exactly one submitted list with one primary", async () => {
    const { caller } = await workspace();
    const companies: Company[] = [];
    for (let i = 0; i < 6; i++) companies.push(await caller.company.create({ name: `Company ${i}` }));
    const contact = await caller.contact.create({
      firstName: "Conn",
      connections: [{ company: { kind: "existing", id: companies[0]!.id }, primary: true }],
    });
    // Different companies, lengths and primaries per writer.
    const lists = Array.from({ length: WRITERS }, (_, i) => {
      const length = 2 + (i % 4);
      return Array.from({ length }, (_, k) => {
        const company = companies[(i + k) % companies.length]!;
        return { company, jobTitle: `job-${i}-${k}`, primary: k === i % length };
      });
    });
    const results = await Promise.allSettled(
      lists.map((list) =>
        caller.contact.update({
          id: contact.id,
          data: {
            connections: list.map((c) => ({
              company: { kind: "existing" as const, id: c.company.id },
              jobTitle: c.jobTitle,
              primary: c.primary,
            })),
          },
        }),
      ),
    );
    expectAllFulfilled(results);

    const expected = lists.map((list) =>
      list.map((c) => ({
        company: { id: c.company.id, name: c.company.name },
        jobTitle: c.jobTitle,
        primary: c.primary,
      })),
    );
    const final = await caller.contact.get({ id: contact.id });
    expect(expected).toContainEqual(final.connections);
    expect(final.connections.filter((c) => c.primary)).toHaveLength(1);
    expect(final.version).toBe(WRITERS + 1);
    const updates = (await historyOf(caller, contact.id)).slice(0, WRITERS);
    const chain = appliedChain(updates, "connections", contact.connections);
    expect(chain).toHaveLength(WRITERS);
    expect(final.connections).toEqual(chain.at(-1));
    expectNewestFirst(updates, "connections");

    // The rows themselves: no leftovers of another writer, positions 0..n-1, one primary.
    const rows = await queryRows<{ company_id: string; position: number; is_primary: boolean }>(
      h.db,
      sql`select company_id, position, is_primary from contact_connections
           where contact_id = ${contact.id} order by position`,
    );
    expect(rows.map((r) => r.company_id)).toEqual(final.connections.map((c) => c.company.id));
    expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
    expect(rows.filter((r) => r.is_primary)).toHaveLength(1);
  });

  it("parallel writers of one external ref on different contacts: one wins, the others get CONFLICT naming it", async () => {
    const { caller } = await workspace();
    const contacts: Contact[] = [];
    for (let i = 0; i < WRITERS; i++) contacts.push(await caller.contact.create({ firstName: `Racer ${i}` }));
    const shared = { namespace: "Salesforce", id: "003-RACE" };
    const results = await Promise.allSettled(
      contacts.map((c, i) =>
        caller.contact.update({
          id: c.id,
          // Each also claims a ref of its own: a loser must not keep that either (all or nothing).
          data: { lastName: "Racer", externalRefs: [{ namespace: "own", id: `own-${i}` }, shared] },
        }),
      ),
    );
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(won).toHaveLength(1);
    const winner = won[0]!;
    const errors = rejections(results);
    expect(errors).toHaveLength(WRITERS - 1);
    for (const err of errors) {
      expect(err.code).toBe("CONFLICT");
      expect(err.message).toContain(winner.id);
      expect(err.cause).toBeInstanceOf(ConflictError);
      expect((err.cause as ConflictError).details).toMatchObject({ contactId: winner.id });
    }

    const found = await caller.contact.findByExternalRef({ namespace: "salesforce", id: "003-RACE" });
    expect(found.id).toBe(winner.id);
    expect(found.externalRefs).toEqual([
      { namespace: "own", id: `own-${contacts.findIndex((c) => c.id === winner.id)}` },
      { namespace: "salesforce", id: "003-RACE" },
    ]);
    for (const c of contacts.filter((c) => c.id !== winner.id)) {
      const loser = await caller.contact.get({ id: c.id });
      expect(loser).toEqual(c);
    }
  });

  it("parallel creates claiming one external ref: one contact is made, the others get CONFLICT", async () => {
    const { caller } = await workspace();
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) =>
        caller.contact.create({ firstName: `New ${i}`, externalRefs: [{ namespace: "hubspot", id: "42" }] }),
      ),
    );
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(won).toHaveLength(1);
    const errors = rejections(results);
    expect(errors).toHaveLength(WRITERS - 1);
    for (const err of errors) {
      expect(err.code).toBe("CONFLICT");
      expect(err.message).toContain(won[0]!.id);
    }
    const page = await caller.contact.list({ limit: 200 });
    expect(page.items.map((c) => c.id)).toEqual([won[0]!.id]);
  });

  it("20 parallel updates with the same expectedVersion: one wins, the others get CONFLICT and write nothing", async () => {
    const { caller } = await workspace();
    const contact = await caller.contact.create({ firstName: "Versioned" });
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) =>
        caller.contact.update({ id: contact.id, expectedVersion: 1, data: { strategy: `plan ${i}` } }),
      ),
    );
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(won).toHaveLength(1);
    const errors = rejections(results);
    expect(errors.map((e) => e.code)).toEqual(Array(WRITERS - 1).fill("CONFLICT"));
    const final = await caller.contact.get({ id: contact.id });
    expect(final).toEqual(won[0]);
    expect(final.version).toBe(2);
    expect(await historyOf(caller, contact.id)).toHaveLength(2);
  });

  it("a mixed storm on one contact (scalars, all three lists) ends consistent", async () => {
    const { caller } = await workspace();
    const [a, b] = [await caller.company.create({ name: "A" }), await caller.company.create({ name: "B" })];
    const contact = await caller.contact.create({ firstName: "Storm" });
    const ref = (i: number) => ({ namespace: "storm", id: `s-${i}` });
    const writes: UpdateContactRequestInput[] = Array.from({ length: WRITERS }, (_, i) => {
      switch (i % 4) {
        case 0:
          return { strategy: `strategy ${i}` };
        case 1:
          return { tags: [`t${i}`] };
        case 2:
          return {
            connections: [
              { company: { kind: "existing", id: a.id }, primary: i % 8 === 2 },
              { company: { kind: "existing", id: b.id }, primary: i % 8 !== 2, jobTitle: `j${i}` },
            ],
          };
        default:
          return { externalRefs: [ref(i), ref(i + 100)], tags: [`t${i}`, "x"] };
      }
    });
    const results = await Promise.allSettled(
      writes.map((data) => caller.contact.update({ id: contact.id, data })),
    );
    expectAllFulfilled(results);
    const final = await caller.contact.get({ id: contact.id });
    expect(final.version).toBe(WRITERS + 1);
    const updates = (await historyOf(caller, contact.id)).slice(0, WRITERS);
    for (const field of ["strategy", "tags", "connections", "externalRefs"] as const) {
      const chain = appliedChain(updates, field, contact[field]);
      expect(final[field]).toEqual(chain.at(-1));
    }
    const [counts] = await queryRows<{ refs: number; conns: number; primaries: number }>(
      h.db,
      sql`select (select count(*)::int from contact_external_refs where contact_id = ${contact.id}) as refs,
                 (select count(*)::int from contact_connections where contact_id = ${contact.id}) as conns,
                 (select count(*)::int from contact_connections where contact_id = ${contact.id} and is_primary) as primaries`,
    );
    expect(counts).toEqual({ refs: 2, conns: 2, primaries: 1 });
  });
});
