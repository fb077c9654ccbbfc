import { ErrorIssue } from "@contacts/contracts";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { createCaller } from "../src/root";
import { createContextInner } from "../src/trpc";
import { badRequestPaths, existing, expectTRPCError, issuesOf, snapshot } from "./support/contract";
import { useHarness } from "./support/harness";

/**
 * docs/api.md §7 through createCaller: the tRPC code and HTTP status of each failure, the
 * `{ path, message }` issues of a BAD_REQUEST, and bad input of any kind rejected as the
 * caller's error, never an internal one, never a partial write.
 */

const h = useHarness();

/** Anything but a BAD_REQUEST (an INTERNAL_SERVER_ERROR above all) fails the test. */
const rejectsAsBadRequest = (call: Promise<unknown>) => expectTRPCError(call, "BAD_REQUEST");

describe("codes and statuses", () => {
  it("each failure has its code and the usual HTTP status", async () => {
    const { caller } = await h.workspace();
    const holder = await caller.contact.create({
      firstName: "A",
      externalRefs: [{ namespace: "x", id: "1" }],
    });
    const other = await caller.contact.create({ firstName: "B" });
    const anonymous = createCaller(createContextInner({ db: h.db, actor: null }));

    // Thunks, not promises: each call starts on its turn, so none rejects unobserved.
    const cases = [
      [() => caller.contact.update({ id: other.id, data: { phone: "nope" } }), "BAD_REQUEST", 400],
      [() => anonymous.contact.get({ id: other.id }), "UNAUTHORIZED", 401],
      [() => caller.contact.get({ id: "missing" }), "NOT_FOUND", 404],
      [
        () => caller.contact.update({ id: other.id, data: { externalRefs: [{ namespace: "x", id: "1" }] } }),
        "CONFLICT",
        409,
      ],
      [
        () => caller.contact.update({ id: holder.id, data: { lastName: "L" }, expectedVersion: 7 }),
        "CONFLICT",
        409,
      ],
    ] as const;
    for (const [call, code, status] of cases) {
      const error = await expectTRPCError(call(), code);
      expect(getHTTPStatusCodeFromError(error)).toBe(status);
    }
  });

  it("every BAD_REQUEST carries issues of { path: (string | number)[], message: string }", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A" });
    const calls = [
      () => caller.contact.update({ id: c.id, data: { email: "nope", tags: [""] } }),
      () =>
        caller.contact.update({
          id: c.id,
          data: { connections: [{ company: existing("missing"), primary: true }] },
        }),
      () => caller.contact.update({ id: c.id, data: { firstName: null } }),
      () => caller.company.list({ cursor: "not-a-cursor" }),
      () => caller.contact.list({ limit: 0 }),
    ];
    for (const call of calls) {
      const issues = issuesOf(await rejectsAsBadRequest(call()));
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) {
        expect(ErrorIssue.parse(issue)).toEqual(issue);
        expect(issue.message.length).toBeGreaterThan(0);
      }
    }
  });

  it("issues point at each bad field, from the procedure's input", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A" });
    const paths = await badRequestPaths(
      caller.contact.update({
        id: c.id,
        data: {
          email: "nope",
          primaryLanguage: "xx",
          tags: ["ok", ""],
          externalRefs: [{ namespace: "bad space", id: "1" }],
        },
      }),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        ["data", "email"],
        ["data", "primaryLanguage"],
        ["data", "tags", 1],
        ["data", "externalRefs", 0, "namespace"],
      ]),
    );
  });
});

describe("no credentials: UNAUTHORIZED for every procedure, before any input is looked at", () => {
  it.each([
    ["contact.get", (c: ReturnType<typeof createCaller>) => c.contact.get({ id: "x" })],
    ["contact.create", (c: ReturnType<typeof createCaller>) => c.contact.create({ firstName: "A" })],
    ["contact.update", (c: ReturnType<typeof createCaller>) => c.contact.update({ id: "x", data: {} })],
    ["contact.list", (c: ReturnType<typeof createCaller>) => c.contact.list({})],
    [
      "contact.findByExternalRef",
      (c: ReturnType<typeof createCaller>) => c.contact.findByExternalRef({ namespace: "a", id: "1" }),
    ],
    ["contact.history", (c: ReturnType<typeof createCaller>) => c.contact.history({ id: "x" })],
    ["company.create", (c: ReturnType<typeof createCaller>) => c.company.create({ name: "A" })],
    ["company.get", (c: ReturnType<typeof createCaller>) => c.company.get({ id: "x" })],
    ["company.list", (c: ReturnType<typeof createCaller>) => c.company.list({})],
    ["company.update", (c: ReturnType<typeof createCaller>) => c.company.update({ id: "x", data: {} })],
    ["company.delete", (c: ReturnType<typeof createCaller>) => c.company.delete({ id: "x" })],
    ["company.contacts", (c: ReturnType<typeof createCaller>) => c.company.contacts({ id: "x" })],
    ["company.history", (c: ReturnType<typeof createCaller>) => c.company.history({ id: "x" })],
    // @ts-expect-error invalid input: credentials are still checked first
    ["invalid input", (c: ReturnType<typeof createCaller>) => c.contact.update({ id: 5, data: { nope: 1 } })],
  ])("%s", async (_, call) => {
    const anonymous = createCaller(createContextInner({ db: h.db, actor: null }));
    const error = await expectTRPCError(call(anonymous), "UNAUTHORIZED");
    expect(error.cause).toBeUndefined();
  });
});

describe("bad input of any kind is a BAD_REQUEST, never a 500 or a partial write", () => {
  it("wrong types at the top level", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A" });
    const before = await snapshot(caller, c.id);
    const inputs: unknown[] = [
      undefined,
      null,
      "x",
      42,
      [],
      [{ id: c.id, data: {} }],
      { id: c.id },
      { data: {} },
    ];
    for (const input of inputs) {
      await rejectsAsBadRequest(caller.contact.update(input as never));
    }
    await rejectsAsBadRequest(caller.contact.update({ id: c.id, data: null as never }));
    await rejectsAsBadRequest(caller.contact.update({ id: c.id, data: [] as never }));
    await rejectsAsBadRequest(caller.contact.update({ id: 5 as never, data: {} }));
    await rejectsAsBadRequest(caller.contact.create(null as never));
    await rejectsAsBadRequest(caller.contact.create("Ada" as never));
    await rejectsAsBadRequest(caller.contact.list("all" as never));
    await rejectsAsBadRequest(caller.company.create([] as never));
    expect(await snapshot(caller, c.id)).toEqual(before);
  });

  it("wrong types inside the data", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A" });
    const before = await snapshot(caller, c.id);
    const data: Record<string, unknown>[] = [
      { firstName: 5 },
      { firstName: ["Ada"] },
      { firstName: { first: "Ada" } },
      { email: true },
      { profilePictureId: "7" },
      { profilePictureId: 1e20 },
      { blocked: "false" },
      { blocked: 0 },
      { tags: "vip" },
      { tags: { 0: "vip" } },
      { tags: [null] },
      { connections: {} },
      { connections: [null] },
      { connections: [{ company: "id", primary: true }] },
      { connections: [{ company: existing(c.id), primary: "yes" }] },
      { externalRefs: [["crm", "1"]] },
      { externalRefs: [{ namespace: "crm", id: 1 }] },
    ];
    for (const d of data) {
      const paths = await badRequestPaths(caller.contact.update({ id: c.id, data: d as never }));
      const field = Object.keys(d)[0];
      expect(paths.every((p) => p[0] === "data" && p[1] === field)).toBe(true);
    }
    expect(await snapshot(caller, c.id)).toEqual(before);
  });

  it("huge strings and lists", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A" });
    const before = await snapshot(caller, c.id);
    const mb = "x".repeat(1_000_000);
    expect(await badRequestPaths(caller.contact.update({ id: c.id, data: { firstName: mb } }))).toEqual([
      ["data", "firstName"],
    ]);
    expect(await badRequestPaths(caller.contact.update({ id: c.id, data: { strategy: mb } }))).toEqual([
      ["data", "strategy"],
    ]);
    await rejectsAsBadRequest(caller.contact.update({ id: c.id, data: { email: `${mb}@example.com` } }));
    await rejectsAsBadRequest(
      caller.contact.update({ id: c.id, data: { phone: `+46${"1".repeat(100_000)}` } }),
    );
    await rejectsAsBadRequest(
      caller.contact.update({ id: c.id, data: { linkedInUrl: `https://linkedin.com/in/${mb}` } }),
    );
    const manyTags = Array.from({ length: 100_000 }, (_, i) => `t${i}`);
    expect(
      await badRequestPaths(caller.contact.update({ id: c.id, data: { tags: manyTags } })),
    ).toContainEqual(["data", "tags"]);
    const manyRefs = Array.from({ length: 10_000 }, (_, i) => ({ namespace: "crm", id: String(i) }));
    await rejectsAsBadRequest(caller.contact.update({ id: c.id, data: { externalRefs: manyRefs } }));
    await rejectsAsBadRequest(caller.contact.get({ id: mb }));
    await rejectsAsBadRequest(caller.contact.list({ search: mb }));
    await rejectsAsBadRequest(caller.company.create({ name: mb }));
    expect(await snapshot(caller, c.id)).toEqual(before);
  });

  it("deep nesting", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A" });
    const before = await snapshot(caller, c.id);
    let deepArray: unknown = "leaf";
    let deepObject: unknown = "leaf";
    for (let i = 0; i < 10_000; i++) {
      deepArray = [deepArray];
      deepObject = { nested: deepObject };
    }
    await rejectsAsBadRequest(caller.contact.update({ id: c.id, data: { tags: deepArray as never } }));
    await rejectsAsBadRequest(caller.contact.update({ id: c.id, data: { firstName: deepObject as never } }));
    await rejectsAsBadRequest(caller.contact.update({ id: c.id, data: { nested: deepObject } as never }));
    await rejectsAsBadRequest(caller.contact.update({ id: c.id, data: deepObject as never }));
    await rejectsAsBadRequest(caller.contact.create({ firstName: "B", connections: deepArray as never }));
    expect(await snapshot(caller, c.id)).toEqual(before);
  });

  it("text the database cannot store (NUL, unpaired surrogates)", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({ firstName: "A" });
    const before = await snapshot(caller, c.id);
    expect(
      await badRequestPaths(caller.contact.update({ id: c.id, data: { lastName: "Lo\u0000ve" } })),
    ).toEqual([["data", "lastName"]]);
    expect(
      await badRequestPaths(
        caller.contact.update({ id: c.id, data: { tags: ["ok", "bad\uD800"], strategy: "fine" } }),
      ),
    ).toEqual([["data", "tags", 1]]);
    await rejectsAsBadRequest(
      caller.contact.update({ id: c.id, data: { externalRefs: [{ namespace: "crm", id: "\u0000" }] } }),
    );
    await rejectsAsBadRequest(caller.contact.get({ id: "\u0000" }));
    await rejectsAsBadRequest(caller.contact.list({ search: "a\u0000" }));
    await rejectsAsBadRequest(caller.company.create({ name: "Acme\u0000" }));
    expect(await snapshot(caller, c.id)).toEqual(before);
    expect((await caller.company.list({})).items).toEqual([]);
  });

  it("lookalike but valid text is stored as given (emoji, RTL, combining marks)", async () => {
    const { caller } = await h.workspace();
    const c = await caller.contact.create({
      firstName: "Zoë 👩‍💼",
      lastName: "אבי",
      strategy: "e\u0301 — \u200b",
      tags: ["🚀"],
    });
    expect(await caller.contact.get({ id: c.id })).toMatchObject({
      firstName: "Zoë 👩‍💼",
      lastName: "אבי",
      strategy: "e\u0301 — \u200b",
      tags: ["🚀"],
    });
  });

  it("SQL-looking text is just text", async () => {
    const { caller } = await h.workspace();
    const evil = "'); drop table contacts; --";
    const c = await caller.contact.create({
      firstName: evil,
      tags: [evil],
      externalRefs: [{ namespace: "x", id: evil }],
    });
    expect(await caller.contact.get({ id: c.id })).toMatchObject({ firstName: evil, tags: [evil] });
    expect((await caller.contact.list({ search: evil })).items.map((x) => x.id)).toEqual([c.id]);
    expect((await caller.contact.findByExternalRef({ namespace: "x", id: evil })).id).toBe(c.id);
    expect((await caller.contact.list({ tags: [evil] })).items.map((x) => x.id)).toEqual([c.id]);
  });

  it("domain errors say what is wrong without SQL or internals", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A", externalRefs: [{ namespace: "x", id: "1" }] });
    const b = await caller.contact.create({ firstName: "B" });
    const errors = [
      await expectTRPCError(
        caller.contact.update({
          id: b.id,
          data: { connections: [{ company: existing("nope"), primary: true }] },
        }),
        "BAD_REQUEST",
      ),
      await expectTRPCError(
        caller.contact.update({ id: b.id, data: { externalRefs: [{ namespace: "x", id: "1" }] } }),
        "CONFLICT",
      ),
      await expectTRPCError(caller.contact.update({ id: a.id, data: {}, expectedVersion: 3 }), "CONFLICT"),
      await expectTRPCError(caller.contact.get({ id: "nope" }), "NOT_FOUND"),
    ];
    for (const error of errors) {
      expect(error.message).not.toMatch(
        /select|insert|update |constraint|violates|postgres|sql|\bat .*\.ts/i,
      );
    }
  });
});
