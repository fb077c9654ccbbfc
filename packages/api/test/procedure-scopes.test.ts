import { API_KEY_SCOPES, type ApiKeyScope } from "@contacts/contracts";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appRouter } from "../src/root";
import {
  createCallerFactory,
  createContextInner,
  OWN_ACCOUNT,
  type ProcedureScope,
  protectedProcedure,
  router,
} from "../src/trpc";
import { useHarness } from "./support/harness";

/**
 * Every procedure declares the scope an API key needs to call it (docs/api.md §6.12). A
 * procedure added without one must fail here, by name, before it can ship.
 */

interface WalkedProcedure {
  _def: { type: "query" | "mutation" | "subscription"; meta?: { scope?: unknown } };
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, WalkedProcedure>);

/** Who needs what: the table docs/api.md shows. A new procedure must be added here. */
const EXPECTED_SCOPES: Record<string, ProcedureScope> = {
  "contact.get": "contacts:read",
  "contact.list": "contacts:read",
  "contact.count": "contacts:read",
  "contact.findByExternalRef": "contacts:read",
  "contact.history": "contacts:read",
  "contact.changes": "contacts:read",
  "contact.changedContacts": "contacts:read",
  "contact.create": "contacts:write",
  "contact.update": "contacts:write",
  "contact.upsertByExternalRef": "contacts:write",
  "contact.batchUpdate": "contacts:write",
  "contact.bulkUpsert": "contacts:write",
  "contact.watch": "contacts:read",
  "contact.delete": "contacts:write",
  "contact.batchDelete": "contacts:write",
  "contact.restore": "contacts:write",
  "contact.erase": "contacts:write",
  "contact.merge": "contacts:write",
  "contact.duplicates": "contacts:read",
  "contact.duplicateCandidates": "contacts:read",
  "webhook.create": "webhooks:manage",
  "webhook.list": "webhooks:manage",
  "webhook.get": "webhooks:manage",
  "webhook.update": "webhooks:manage",
  "webhook.delete": "webhooks:manage",
  "webhook.enable": "webhooks:manage",
  "webhook.disable": "webhooks:manage",
  "webhook.rotateSecret": "webhooks:manage",
  "webhook.deliveries": "webhooks:manage",
  "webhook.redeliver": "webhooks:manage",
  "tag.list": "contacts:read",
  "tag.rename": "contacts:write",
  "tag.merge": "contacts:write",
  "company.get": "companies:read",
  "company.list": "companies:read",
  "company.ensure": "companies:write",
  "company.create": "companies:write",
  "company.update": "companies:write",
  "company.delete": "companies:write",
  "company.history": "companies:read",
  "company.contacts": "contacts:read",
  "apiKey.create": "api_keys:manage",
  "apiKey.list": "api_keys:manage",
  "apiKey.revoke": "api_keys:manage",
  "user.list": "users:manage",
  "user.invite": "users:manage",
  "user.listInvites": "users:manage",
  "user.revokeInvite": "users:manage",
  "user.setRole": "users:manage",
  "user.remove": "users:manage",
  // A person's own account: every role has it, no API key does.
  "user.me": OWN_ACCOUNT,
  "user.changePassword": OWN_ACCOUNT,
  "user.signOutOtherSessions": OWN_ACCOUNT,
};

describe("procedure scopes", () => {
  it("walks a router that has procedures", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED_SCOPES).length);
  });

  it("every procedure of the router declares a known scope", () => {
    const undeclared = procedures
      .filter(
        ([, p]) =>
          p._def.meta?.scope !== OWN_ACCOUNT && !API_KEY_SCOPES.includes(p._def.meta?.scope as ApiKeyScope),
      )
      .map(([path]) => path);
    expect(undeclared, `procedures without a scope in .meta({ scope }): ${undeclared.join(", ")}`).toEqual(
      [],
    );
  });

  it("each procedure needs exactly the scope of the table", () => {
    const declared = Object.fromEntries(procedures.map(([path, p]) => [path, p._def.meta?.scope]));
    expect(declared).toEqual(EXPECTED_SCOPES);
  });

  it("reads need a :read or :manage scope, writes a :write or :manage one", () => {
    for (const [path, p] of procedures) {
      const scope = p._def.meta?.scope as string;
      if (scope === OWN_ACCOUNT) continue;
      // A subscription (contact.watch) reads, as a query does.
      if (p._def.type !== "mutation") expect(scope, path).toMatch(/:read$|:manage$/);
      else expect(scope, path).toMatch(/:write$|:manage$/);
    }
  });
});

describe("a procedure that declares no scope", () => {
  const h = useHarness();
  // Built here, outside appRouter, to show what the middleware does if the walk above were skipped.
  const careless = router({ oops: protectedProcedure.query(() => "ran") });
  const createCareless = createCallerFactory(careless);

  it("runs for nobody: it fails closed, for a full-access caller too", async () => {
    const { actor } = await h.workspace();
    for (const scopes of ["all", ["contacts:read"]] as const) {
      const caller = createCareless(createContextInner({ db: h.db, actor: { ...actor, scopes } }));
      const err = await caller.oops().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe("INTERNAL_SERVER_ERROR");
      expect((err as TRPCError).message).toContain("declares no scope");
    }
  });
});
