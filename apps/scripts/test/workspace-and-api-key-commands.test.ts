import { authenticateApiKey, createWorkspace, listApiKeys } from "@contacts/api";
import { describe, expect, it } from "vitest";
import { hasStack, runCli, uniqueSlug, useTarget, withDb } from "./support/harness";

// One database for the file (a migrated folder, or the test server); the steps build on each other.
const target = useTarget();

describe("workspace and API key lifecycle", () => {
  const slug = uniqueSlug("acme");
  let workspaceId = "";
  const keys: { id: string; key: string; name: string }[] = [];
  const scoped: { id: string; key: string }[] = [];

  it("workspace create prints the new workspace's slug and id", async () => {
    const result = await runCli(["workspace", "create", "--slug", slug, "--name", "Acme IR"], target);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const match = new RegExp(`slug ${slug} and id (\\S+)$`).exec(result.lastLine);
    expect(match).not.toBeNull();
    workspaceId = match?.[1] ?? "";
  });

  it("api-key create prints a key alone on the last line, and the key authenticates", async () => {
    for (const name of ["salesforce sync", "hubspot sync"]) {
      const result = await runCli(["api-key", "create", "--name", name, "--workspace", slug], target);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.lastLine).toMatch(/^ck_\S+$/);
      const id = /Created API key (\S+)/.exec(result.stdout)?.[1] ?? "";
      expect(result.stdout).toContain(`for workspace ${slug}`);
      expect(result.stdout).toContain("Scopes: full access (every scope)\n");
      keys.push({ id, key: result.lastLine, name });
    }
    // Opened only now: an embedded folder has one owner at a time, and the children are done.
    const actors = await withDb(target, (db) => Promise.all(keys.map((k) => authenticateApiKey(db, k.key))));
    expect(actors).toEqual(
      keys.map((k) => ({ workspaceId, type: "api_key", id: k.id, name: k.name, scopes: "all" })),
    );
  });

  it("api-key create --scope (repeatable) makes a key with just those scopes", async () => {
    const result = await runCli(
      [
        "api-key",
        "create",
        "--name",
        "reader",
        "--workspace",
        slug,
        "--scope",
        "contacts:read",
        "--scope",
        "companies:read",
        "--scope",
        "contacts:read",
      ],
      target,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Scopes: contacts:read, companies:read\nCreated API key /m);
    const actor = await withDb(target, (db) => authenticateApiKey(db, result.lastLine));
    expect(actor?.scopes).toEqual(["contacts:read", "companies:read"]);
    const id = /Created API key (\S+)/.exec(result.stdout)?.[1] ?? "";
    scoped.push({ id, key: result.lastLine });
  });

  it("api-key create with an unknown scope exits 2 naming it, and makes no key", async () => {
    const result = await runCli(
      [
        "api-key",
        "create",
        "--name",
        "typo",
        "--workspace",
        slug,
        "--scope",
        "contacts:read",
        "--scope",
        "contact:write",
      ],
      target,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^error: --scope: Unknown scope "contact:write"; expected one of contacts:read, /,
    );
    expect(result.stderr).toContain("Usage: pnpm scripts api-key create");
    expect(hasStack(result.stderr)).toBe(false);
    const names = await withDb(target, async (db) => (await listApiKeys(db, workspaceId)).map((k) => k.name));
    expect(names).not.toContain("typo");
  });

  it("api-key list shows each key's id and name but never the key", async () => {
    const result = await runCli(["api-key", "list", "--workspace", slug], target);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ID\s+NAME\s+PREFIX\s+CREATED\s+LAST USED\s+REVOKED\s+SCOPES/);
    const rowOf = (id: string) => result.stdout.split("\n").find((line) => line.startsWith(id)) ?? "";
    expect(rowOf(scoped[0]?.id ?? "?")).toMatch(/ -\s+contacts:read,companies:read$/);
    for (const k of keys) {
      const row = rowOf(k.id);
      expect(row).toContain(k.name);
      // Not revoked, and full access lists every scope.
      expect(row).toMatch(
        / -\s+contacts:read,contacts:write,companies:read,companies:write,webhooks:manage,api_keys:manage,users:manage$/,
      );
      expect(result.stdout).not.toContain(k.key);
      expect(result.stdout).not.toContain(k.key.slice(-20));
    }
  });

  it("api-key revoke makes the key fail authentication, and only that key", async () => {
    const [kept, revoked] = keys;
    if (!kept || !revoked) throw new Error("the create test did not run");
    const result = await runCli(["api-key", "revoke", revoked.id, "--workspace", slug], target);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Revoked API key ${revoked.id}`);

    const [keptActor, revokedActor, rows] = await withDb(target, (db) =>
      Promise.all([
        authenticateApiKey(db, kept.key),
        authenticateApiKey(db, revoked.key),
        listApiKeys(db, workspaceId),
      ]),
    );
    expect(keptActor?.id).toBe(kept.id);
    expect(revokedActor).toBeNull();
    expect(rows.find((r) => r.id === revoked.id)?.revokedAt).toBeInstanceOf(Date);

    const again = await runCli(["api-key", "revoke", revoked.id, "--workspace", slug], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no live API key .* \(unknown, or already revoked\)/);
    expect(hasStack(again.stderr)).toBe(false);
  });

  it("workspace create with a slug that exists fails clearly", async () => {
    const result = await runCli(["workspace", "create", "--slug", slug, "--name", "Other"], target);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(`error: A workspace with slug "${slug}" already exists.`);
  });

  it("without --workspace among several workspaces, or with an unknown one, fails listing the slugs", async () => {
    const other = uniqueSlug("beta");
    // Set up in-process: workspace create itself is tested above, and a child costs a second.
    await withDb(target, (db) => createWorkspace(db, { slug: other, name: "Beta" }));

    const unchosen = await runCli(["api-key", "create", "--name", "ci"], target);
    expect(unchosen.code).toBe(1);
    expect(unchosen.stdout).toBe("");
    expect(unchosen.stderr).toMatch(/choose one with --workspace <slug>: /);
    expect(unchosen.stderr).toContain(slug);
    expect(unchosen.stderr).toContain(other);

    const unknown = await runCli(["api-key", "list", "--workspace", "no-such-workspace"], target);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No workspace with slug "no-such-workspace"\. Workspaces: .*/);
    expect(unknown.stderr).toContain(other);
    expect(hasStack(unknown.stderr)).toBe(false);
  });
});
