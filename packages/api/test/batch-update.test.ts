import { describe, expect, it } from "vitest";
import {
  type Caller,
  domainCauseOf,
  existing,
  expectTRPCError,
  issuesOf,
  snapshot,
} from "./support/contract";
import { useHarness } from "./support/harness";

/** contact.batchUpdate: per-item results in input order, or all or nothing when atomic. */

const h = useHarness();

async function contacts(caller: Caller, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await caller.contact.create({ firstName: `P${i}`, tags: ["old"] }));
  return out;
}

describe("not atomic: each item on its own", () => {
  it("answers one result per item, in input order, successes and failures mixed", async () => {
    const { caller } = await h.workspace();
    const [a, b, c] = await contacts(caller, 3);
    const { results } = await caller.contact.batchUpdate({
      items: [
        { id: a!.id, data: { email: " A@Example.com " } },
        { id: "missing", data: { lastName: "X" } },
        { id: b!.id, data: { phone: "not a phone" } },
        { id: c!.id, data: { tags: ["new"] }, expectedVersion: 1 },
        { id: b!.id, data: { lastName: "Second" }, expectedVersion: 7 },
        { id: c!.id, data: { firstName: null, lastName: null, email: null } },
      ],
    });
    expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual([
      "ok",
      "NOT_FOUND",
      "BAD_REQUEST",
      "ok",
      "CONFLICT",
      "BAD_REQUEST",
    ]);
    expect(results[0]).toMatchObject({
      ok: true,
      contact: { id: a!.id, email: "a@example.com", version: 2 },
    });
    expect(results[2]).toMatchObject({ ok: false, error: { issues: [{ path: ["data", "phone"] }] } });
    expect(results[3]).toMatchObject({ ok: true, contact: { tags: ["new"], version: 2 } });
    expect(results[4]).toMatchObject({ ok: false, error: { details: { currentVersion: 1 } } });
    expect(results[5]).toMatchObject({
      ok: false,
      error: {
        issues: [
          { path: ["data", "firstName"] },
          { path: ["data", "lastName"] },
          { path: ["data", "email"] },
        ],
      },
    });
    // The failures wrote nothing; the successes are stored with history, like single updates.
    expect((await caller.contact.get({ id: b!.id })).version).toBe(1);
    const history = await caller.contact.history({ id: a!.id });
    expect(history.items[0]?.changes).toEqual({ email: { from: null, to: "a@example.com" } });
  });

  it("applies items naming the same contact one after the other, in input order", async () => {
    const { caller } = await h.workspace();
    const [a] = await contacts(caller, 1);
    const { results } = await caller.contact.batchUpdate({
      items: [1, 2, 3, 4, 5].map((n) => ({ id: a!.id, data: { strategy: `step ${n}` }, expectedVersion: n })),
    });
    expect(results.every((r) => r.ok)).toBe(true);
    const got = await caller.contact.get({ id: a!.id });
    expect(got).toMatchObject({ strategy: "step 5", version: 6 });
  });

  it("reports a malformed item at its own paths without failing the others", async () => {
    const { caller } = await h.workspace();
    const [a] = await contacts(caller, 1);
    const { results } = await caller.contact.batchUpdate({
      items: [{ id: a!.id, data: { bogus: 1 } } as never, { id: a!.id, data: { lastName: "Fine" } }],
    });
    expect(results[0]).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST", issues: [{ path: ["data", "bogus"] }] },
    });
    expect(results[1]).toMatchObject({ ok: true, contact: { lastName: "Fine" } });
  });

  it("keeps workspaces apart: another workspace's id is NOT_FOUND", async () => {
    const { caller: other } = await h.workspace();
    const [theirs] = await contacts(other, 1);
    const { caller } = await h.workspace();
    const { results } = await caller.contact.batchUpdate({
      items: [{ id: theirs!.id, data: { lastName: "X" } }],
    });
    expect(results[0]).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});

describe("atomic: all or nothing", () => {
  it("writes every item in one go", async () => {
    const { caller } = await h.workspace();
    const list = await contacts(caller, 4);
    const { results } = await caller.contact.batchUpdate({
      atomic: true,
      items: list.map((c, i) => ({ id: c.id, data: { tags: ["t", `n${i}`] } })),
    });
    expect(results.map((r) => r.ok && r.contact.tags)).toEqual([0, 1, 2, 3].map((i) => ["t", `n${i}`]));
  });

  it("aborts on the first failing item with its index in the issue path, and writes nothing", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const list = await contacts(caller, 4);
    const before = await Promise.all(list.map((c) => snapshot(caller, c.id)));
    const err = await expectTRPCError(
      caller.contact.batchUpdate({
        atomic: true,
        items: [
          { id: list[0]!.id, data: { lastName: "Written" } },
          { id: list[1]!.id, data: { connections: [{ company: existing(acme.id), primary: true }] } },
          { id: list[2]!.id, data: { lastName: "Also" } },
          {
            id: list[3]!.id,
            data: { connections: [{ company: existing("no-such-company"), primary: true }] },
          },
        ],
      }),
      "BAD_REQUEST",
    );
    expect(issuesOf(err).map((i) => i.path)).toEqual([
      ["items", 3, "data", "connections", 0, "company", "id"],
    ]);
    expect(await Promise.all(list.map((c) => snapshot(caller, c.id)))).toEqual(before);
  });

  it("reports an invalid item before writing anything", async () => {
    const { caller } = await h.workspace();
    const list = await contacts(caller, 2);
    const err = await expectTRPCError(
      caller.contact.batchUpdate({
        atomic: true,
        items: [
          { id: list[0]!.id, data: { lastName: "Written" } },
          { id: list[1]!.id, data: { email: "bad" } },
        ],
      }),
      "BAD_REQUEST",
    );
    expect(issuesOf(err).map((i) => i.path)).toEqual([["items", 1, "data", "email"]]);
    expect((await caller.contact.get({ id: list[0]!.id })).version).toBe(1);
  });

  it("names the failing item of a NOT_FOUND or CONFLICT in its message and details", async () => {
    const { caller } = await h.workspace();
    const list = await contacts(caller, 2);
    const notFound = await expectTRPCError(
      caller.contact.batchUpdate({
        atomic: true,
        items: [
          { id: list[0]!.id, data: { lastName: "X" } },
          { id: "missing", data: { lastName: "Y" } },
        ],
      }),
      "NOT_FOUND",
    );
    expect(notFound.message).toBe("items.1: Contact not found");
    expect(domainCauseOf(notFound).details).toEqual({ index: 1 });
    const conflict = await expectTRPCError(
      caller.contact.batchUpdate({
        atomic: true,
        items: [{ id: list[1]!.id, data: { lastName: "X" }, expectedVersion: 3 }],
      }),
      "CONFLICT",
    );
    expect(domainCauseOf(conflict).details).toEqual({ index: 0, currentVersion: 1 });
    expect((await caller.contact.get({ id: list[0]!.id })).version).toBe(1);
  });

  it("applies repeated ids in order within the transaction", async () => {
    const { caller } = await h.workspace();
    const [a] = await contacts(caller, 1);
    await caller.contact.batchUpdate({
      atomic: true,
      items: [
        { id: a!.id, data: { strategy: "one" }, expectedVersion: 1 },
        { id: a!.id, data: { strategy: "two" }, expectedVersion: 2 },
      ],
    });
    expect(await caller.contact.get({ id: a!.id })).toMatchObject({ strategy: "two", version: 3 });
  });
});

describe("limits", () => {
  it("takes 500 items and rejects 501 and an empty batch", async () => {
    const { caller } = await h.workspace();
    const [a] = await contacts(caller, 1);
    const items = Array.from({ length: 500 }, () => ({ id: a!.id, data: { lastName: "Same" } }));
    const { results } = await caller.contact.batchUpdate({ items });
    expect(results).toHaveLength(500);
    expect(results.every((r) => r.ok)).toBe(true);
    // Only the first changed anything: the rest were no-ops.
    expect((await caller.contact.get({ id: a!.id })).version).toBe(2);

    const tooMany = await expectTRPCError(
      caller.contact.batchUpdate({ items: [...items, items[0]!] }),
      "BAD_REQUEST",
    );
    expect(issuesOf(tooMany).map((i) => i.path)).toEqual([["items"]]);
    await expectTRPCError(caller.contact.batchUpdate({ items: [] }), "BAD_REQUEST");
    await expectTRPCError(caller.contact.batchUpdate({ items: ["x" as never] }), "BAD_REQUEST");
  });
});
