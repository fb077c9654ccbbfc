import { describe, expect, it } from "vitest";
import { badRequestPaths, type Caller, domainCauseOf, existing, expectTRPCError } from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §6.17 contact.duplicates and contact.duplicateCandidates. */
const h = useHarness();

/** Contacts that pair up by each rule, and some that must not. */
async function population(caller: Caller) {
  const acme = await caller.company.create({ name: "Acme" });
  const globex = await caller.company.create({ name: "Globex" });
  const at = (id: string) => [{ company: existing(id), primary: true }];
  const c = {
    emailA: await caller.contact.create({ firstName: "Eve", email: "Eve@Example.com" }),
    emailB: await caller.contact.create({ lastName: "Other", email: "eve@example.com " }),
    phoneA: await caller.contact.create({ firstName: "Pat", phone: "+46 70 123 45 67" }),
    phoneB: await caller.contact.create({ firstName: "Kim", phone: "+46701234567" }),
    nameA: await caller.contact.create({ firstName: "Ada", lastName: "Lovelace", connections: at(acme.id) }),
    nameB: await caller.contact.create({ firstName: "ada", lastName: "LOVELACE", connections: at(acme.id) }),
    similarA: await caller.contact.create({
      firstName: "Jonathan",
      lastName: "Smithson",
      connections: at(acme.id),
    }),
    similarB: await caller.contact.create({
      firstName: "Jonathon",
      lastName: "Smithson",
      connections: at(acme.id),
    }),
    // The same name at different companies is not a rule.
    apartA: await caller.contact.create({ firstName: "Grace", lastName: "Hopper", connections: at(acme.id) }),
    apartB: await caller.contact.create({
      firstName: "Grace",
      lastName: "Hopper",
      connections: at(globex.id),
    }),
  };
  return { acme, globex, c };
}

describe("contact.duplicates", () => {
  it("finds each rule's match with its score and reason, and nothing for unrelated contacts", async () => {
    const { caller } = await h.workspace();
    const { c } = await population(caller);

    const byEmail = await caller.contact.duplicates({ id: c.emailA.id });
    expect(byEmail.items).toEqual([
      {
        contact: c.emailB,
        score: 1,
        reasons: [{ rule: "SAME_EMAIL", score: 1, detail: "eve@example.com" }],
      },
    ]);
    expect((await caller.contact.duplicates({ id: c.phoneB.id })).items).toMatchObject([
      { contact: { id: c.phoneA.id }, score: 0.9, reasons: [{ rule: "SAME_PHONE", detail: "+46701234567" }] },
    ]);
    expect((await caller.contact.duplicates({ id: c.nameB.id })).items).toMatchObject([
      {
        contact: { id: c.nameA.id },
        score: 0.8,
        reasons: [{ rule: "SAME_NAME_SHARED_COMPANY", detail: "Ada Lovelace at Acme" }],
      },
    ]);
    const similar = await caller.contact.duplicates({ id: c.similarA.id });
    expect(similar.items).toMatchObject([
      {
        contact: { id: c.similarB.id },
        score: 0.6,
        reasons: [
          { rule: "SIMILAR_NAME_SHARED_COMPANY", detail: "Jonathan Smithson ~ Jonathon Smithson at Acme" },
        ],
      },
    ]);
    expect((await caller.contact.duplicates({ id: c.apartA.id })).items).toEqual([]);
  });

  it("lists every rule that holds, scored by the best, and leaves deleted contacts out", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const conn = [{ company: existing(acme.id), primary: true }];
    const a = await caller.contact.create({
      firstName: "Bo",
      lastName: "Ek",
      email: "bo@ek.se",
      phone: "+46701112233",
      connections: conn,
    });
    const b = await caller.contact.create({
      firstName: "Bo",
      lastName: "Ek",
      email: "bo@ek.se",
      phone: "+46701112233",
      connections: conn,
    });
    const [match] = (await caller.contact.duplicates({ id: a.id })).items;
    expect(match?.score).toBe(1);
    expect(match?.reasons.map((r) => r.rule)).toEqual([
      "SAME_EMAIL",
      "SAME_PHONE",
      "SAME_NAME_SHARED_COMPANY",
    ]);
    await caller.contact.delete({ id: b.id });
    expect((await caller.contact.duplicates({ id: a.id })).items).toEqual([]);
    await expectTRPCError(caller.contact.duplicates({ id: b.id }), "NOT_FOUND");
  });
});

describe("contact.duplicateCandidates", () => {
  it("pages through every pair once, best score first, the older contact on the left", async () => {
    const { caller } = await h.workspace();
    const { c } = await population(caller);
    const all = await caller.contact.duplicateCandidates({});
    expect(all.items.map((p) => [p.left.id, p.right.id, p.score])).toEqual([
      [c.emailA.id, c.emailB.id, 1],
      [c.phoneA.id, c.phoneB.id, 0.9],
      [c.nameA.id, c.nameB.id, 0.8],
      [c.similarA.id, c.similarB.id, 0.6],
    ]);
    expect(all.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.contact.duplicateCandidates>> =
        await caller.contact.duplicateCandidates({ limit: 1, cursor });
      seen.push(...page.items.map((p) => `${p.left.id}/${p.right.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((p) => `${p.left.id}/${p.right.id}`));

    const strong = await caller.contact.duplicateCandidates({ minScore: 0.85 });
    expect(strong.items.map((p) => p.score)).toEqual([1, 0.9]);
  });

  it("answers bad input with 400 naming the field", async () => {
    const { caller } = await h.workspace();
    expect(await badRequestPaths(caller.contact.duplicateCandidates({ limit: 0 }))).toEqual([["limit"]]);
    expect(await badRequestPaths(caller.contact.duplicateCandidates({ limit: 501 }))).toEqual([["limit"]]);
    expect(await badRequestPaths(caller.contact.duplicateCandidates({ minScore: 2 }))).toEqual([
      ["minScore"],
    ]);
    expect(await badRequestPaths(caller.contact.duplicateCandidates({ cursor: "nope" }))).toEqual([
      ["cursor"],
    ]);
    const forged = await expectTRPCError(
      caller.contact.duplicateCandidates({ cursor: "0.7:a:b" }),
      "BAD_REQUEST",
    );
    expect(domainCauseOf(forged).reason).toBe("INVALID_CURSOR");
    expect(await badRequestPaths(caller.contact.duplicates({ id: "" }))).toEqual([["id"]]);
    expect(await badRequestPaths(caller.contact.duplicates({ id: "x", all: true } as never))).toEqual([
      ["all"],
    ]);
    expect((await caller.contact.duplicateCandidates({ limit: 500 })).items).toEqual([]);
  });

  it("keeps to the caller's workspace", async () => {
    const mine = await h.workspace();
    const theirs = await h.workspace("Other");
    const { c } = await population(mine.caller);
    await theirs.caller.contact.create({ firstName: "Eve", email: "eve@example.com" });
    expect((await theirs.caller.contact.duplicateCandidates({})).items).toEqual([]);
    await expectTRPCError(theirs.caller.contact.duplicates({ id: c.emailA.id }), "NOT_FOUND");
    expect((await mine.caller.contact.duplicates({ id: c.emailA.id })).items).toHaveLength(1);
  });
});
