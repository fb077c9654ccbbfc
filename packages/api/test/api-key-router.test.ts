import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { createCaller } from "../src/root";
import { authenticateApiKey } from "../src/services/api-keys/api-keys";
import { createContextInner } from "../src/trpc";
import { useHarness } from "./support/harness";

const h = useHarness();

/** A fresh workspace with a caller acting as a signed-in user of it. */
async function userCaller() {
  const { ws, caller: keyCaller } = await h.workspace();
  const actor: Actor = { workspaceId: ws.id, type: "user", id: `user-${ws.id}`, name: "Ada" };
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

  it("is FORBIDDEN to API-key callers and UNAUTHORIZED without an actor", async () => {
    const { keyCaller } = await userCaller();
    expect(await codeOf(keyCaller.apiKey.create({ name: "x" }))).toBe("FORBIDDEN");
    expect(await codeOf(keyCaller.apiKey.list())).toBe("FORBIDDEN");
    expect(await codeOf(keyCaller.apiKey.revoke({ id: "x" }))).toBe("FORBIDDEN");
    const anonymous = createCaller(createContextInner({ db: h.db, actor: null }));
    expect(await codeOf(anonymous.apiKey.list())).toBe("UNAUTHORIZED");
  });
});
