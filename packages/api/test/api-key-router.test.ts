import { API_KEY_SCOPES } from "@contacts/contracts";
import { queryRows } from "@contacts/db";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { MissingScopeError } from "../src/errors";
import { createCaller } from "../src/root";
import { authenticateApiKey } from "../src/services/api-keys/api-keys";
import { createContextInner } from "../src/trpc";
import { badRequestPaths, domainCauseOf, expectTRPCError, issuesOf } from "./support/contract";
import { useHarness } from "./support/harness";

const h = useHarness();

/** A fresh workspace with a caller acting as a signed-in user of it. */
async function userCaller() {
  const { ws, caller: keyCaller } = await h.workspace();
  const actor: Actor = { workspaceId: ws.id, type: "user", id: `user-${ws.id}`, name: "Ada", scopes: "all" };
  return { ws, keyCaller, caller: createCaller(createContextInner({ db: h.db, actor })) };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("apiKey router", () => {
  it("creates a key shown once, which then authenticates in its workspace", async () => {
    const { ws, caller } = await userCaller();
    const created = await caller.apiKey.create({ name: "  salesforce sync " });
    expect(created.name).toBe("salesforce sync");
    expect(created.key).toMatch(new RegExp(`^ck_${ws.id}_[A-Za-z0-9_-]{43}$`));
    const actor = await authenticateApiKey(h.db, created.key);
    expect(actor).toMatchObject({ workspaceId: ws.id, type: "api_key", id: created.id });

    const { items } = await caller.apiKey.list();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: created.id, name: "salesforce sync", revokedAt: null });
    expect(JSON.stringify(items)).not.toContain(created.key);
  });

  it("lists only the keys of the caller's workspace, newest first", async () => {
    const a = await userCaller();
    const b = await userCaller();
    const first = await a.caller.apiKey.create({ name: "one" });
    const second = await a.caller.apiKey.create({ name: "two" });
    await b.caller.apiKey.create({ name: "other workspace" });
    const { items } = await a.caller.apiKey.list();
    expect(items.map((k) => k.id).sort()).toEqual([first.id, second.id].sort());
  });

  it("revokes a key so it no longer authenticates, and lists it as revoked", async () => {
    const { caller } = await userCaller();
    const created = await caller.apiKey.create({ name: "temp" });
    await expect(caller.apiKey.revoke({ id: created.id })).resolves.toEqual({ id: created.id });
    expect(await authenticateApiKey(h.db, created.key)).toBeNull();
    const { items } = await caller.apiKey.list();
    expect(items[0]?.revokedAt).not.toBeNull();
    // Revoking twice, or an id that does not exist, is NOT_FOUND.
    expect(await codeOf(caller.apiKey.revoke({ id: created.id }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.apiKey.revoke({ id: "nope" }))).toBe("NOT_FOUND");
  });

  it("treats another workspace's key id as not found", async () => {
    const a = await userCaller();
    const b = await userCaller();
    const created = await a.caller.apiKey.create({ name: "mine" });
    expect(await codeOf(b.caller.apiKey.revoke({ id: created.id }))).toBe("NOT_FOUND");
    expect(await authenticateApiKey(h.db, created.key)).not.toBeNull();
  });

  it("rejects an empty or too long name with BAD_REQUEST at the name", async () => {
    const { caller } = await userCaller();
    for (const name of ["   ", "x".repeat(101)]) {
      const err = await caller.apiKey.create({ name }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe("BAD_REQUEST");
      expect(JSON.stringify((err as TRPCError).cause)).toContain('"name"');
    }
  });

  it("is FORBIDDEN (MISSING_SCOPE) to keys without api_keys:manage, UNAUTHORIZED without an actor", async () => {
    const { actor } = await h.workspace();
    const reader = createCaller(
      createContextInner({ db: h.db, actor: { ...actor, scopes: ["contacts:read"] } }),
    );
    for (const call of [
      reader.apiKey.create({ name: "x" }),
      reader.apiKey.list(),
      reader.apiKey.revoke({ id: "x" }),
    ]) {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe("FORBIDDEN");
      expect((err as TRPCError).cause).toBeInstanceOf(MissingScopeError);
      expect((err as TRPCError).message).toBe('This API key lacks the scope "api_keys:manage"');
    }
    const anonymous = createCaller(createContextInner({ db: h.db, actor: null }));
    expect(await codeOf(anonymous.apiKey.list())).toBe("UNAUTHORIZED");
  });
});

describe("apiKey scopes", () => {
  /** A caller acting as an API key of the workspace with these scopes. */
  async function keyCaller(scopes: Actor["scopes"]) {
    const { ws, actor } = await h.workspace();
    return { ws, caller: createCaller(createContextInner({ db: h.db, actor: { ...actor, scopes } })) };
  }

  it("stores the chosen scopes, duplicates collapsed, in canonical order; the key carries them", async () => {
    const { caller } = await userCaller();
    const created = await caller.apiKey.create({
      name: "sync",
      scopes: ["contacts:write", "contacts:read", "contacts:write"],
    });
    expect(created.scopes).toEqual(["contacts:read", "contacts:write"]);
    expect((await authenticateApiKey(h.db, created.key))?.scopes).toEqual([
      "contacts:read",
      "contacts:write",
    ]);
    // Again, now from the verified-key cache: the scopes travel with the cached actor.
    expect((await authenticateApiKey(h.db, created.key))?.scopes).toEqual([
      "contacts:read",
      "contacts:write",
    ]);
    const { items } = await caller.apiKey.list();
    expect(items.find((k) => k.id === created.id)?.scopes).toEqual(["contacts:read", "contacts:write"]);
  });

  it("without scopes makes a full-access key, stored as null and listed with every scope", async () => {
    const { ws, caller } = await userCaller();
    const created = await caller.apiKey.create({ name: "everything" });
    expect(created.scopes).toEqual([...API_KEY_SCOPES]);
    expect((await authenticateApiKey(h.db, created.key))?.scopes).toBe("all");
    const [row] = await queryRows<{ scopes: string[] | null }>(
      h.db,
      sql`select scopes from api_keys where workspace_id = ${ws.id} and id = ${created.id}`,
    );
    expect(row?.scopes).toBeNull();
    const { items } = await caller.apiKey.list();
    expect(items.find((k) => k.id === created.id)?.scopes).toEqual([...API_KEY_SCOPES]);
  });

  it("answers bad scopes with BAD_REQUEST at the scope, and writes no key", async () => {
    const { caller } = await userCaller();
    const cases: [unknown, (string | number)[]][] = [
      [
        ["contacts:read", "contacts:delete"],
        ["scopes", 1],
      ],
      [[42], ["scopes", 0]],
      [["CONTACTS:READ"], ["scopes", 0]],
      [[], ["scopes"]],
      ["contacts:read", ["scopes"]],
      [null, ["scopes"]],
      [Array(51).fill("contacts:read"), ["scopes"]],
    ];
    for (const [scopes, path] of cases) {
      const paths = await badRequestPaths(caller.apiKey.create({ name: "bad", scopes } as never));
      expect(paths, JSON.stringify(scopes)).toEqual([path]);
    }
    const unknown = await expectTRPCError(
      caller.apiKey.create({ name: "bad", scopes: ["contacts:delete"] } as never),
      "BAD_REQUEST",
    );
    expect(issuesOf(unknown)[0]?.message).toBe(
      'Unknown scope "contacts:delete"; expected one of contacts:read, contacts:write, companies:read, companies:write, webhooks:manage, api_keys:manage, users:manage',
    );
    expect((await caller.apiKey.list()).items).toEqual([]);
  });

  it("lets a key with api_keys:manage mint keys only with scopes it holds", async () => {
    const { ws, caller } = await keyCaller(["contacts:read", "api_keys:manage"]);
    const made = await caller.apiKey.create({ name: "reader", scopes: ["contacts:read"] });
    expect((await authenticateApiKey(h.db, made.key))?.scopes).toEqual(["contacts:read"]);

    for (const [scopes, missing] of [
      [["contacts:read", "contacts:write"], "contacts:write"],
      [["companies:read"], "companies:read"],
      // Omitted is full access, which it does not have: the first scope it lacks is named.
      [undefined, "contacts:write"],
    ] as const) {
      const err = await expectTRPCError(
        caller.apiKey.create({ name: "more", ...(scopes ? { scopes: [...scopes] } : {}) }),
        "FORBIDDEN",
      );
      const cause = domainCauseOf(err);
      expect(cause).toBeInstanceOf(MissingScopeError);
      expect({ reason: cause.reason, details: cause.details, message: cause.message }).toEqual({
        reason: "MISSING_SCOPE",
        details: { scope: missing },
        message: `This API key lacks the scope "${missing}"`,
      });
    }
    const [count] = await queryRows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from api_keys where workspace_id = ${ws.id}`,
    );
    expect(count?.n).toBe(1);
  });

  it("lets a full-access key mint any key, and a user too", async () => {
    const { caller: fullKey } = await keyCaller("all");
    expect((await fullKey.apiKey.create({ name: "any", scopes: ["webhooks:manage"] })).scopes).toEqual([
      "webhooks:manage",
    ]);
    const { caller: user } = await userCaller();
    expect((await user.apiKey.create({ name: "all" })).scopes).toEqual([...API_KEY_SCOPES]);
  });
});
