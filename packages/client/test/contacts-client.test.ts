import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContactsClient, errorCodeOf, isNetworkError, issuesOf } from "../src";
import { type LiveServer, startLiveServer } from "../src/testing/live-server";

const run = promisify(execFile);

let server: LiveServer;
/** Requests to fail before the API sees them, by procedure path: a 503, a dropped socket, or no answer. */
const faults: { path: string; kind: "503" | "drop" | "hang" }[] = [];

beforeAll(async () => {
  server = await startLiveServer({
    intercept: (req) => {
      const path = new URL(req.url).pathname;
      const index = faults.findIndex((f) => path.endsWith(f.path));
      if (index === -1) return undefined;
      const [fault] = faults.splice(index, 1);
      if (fault?.kind === "503") return Response.json({ error: "busy" }, { status: 503 });
      return fault?.kind;
    },
  });
});
afterAll(() => server.close());

async function clientFor(options: { retries?: number; timeoutMs?: number; scriptName?: string } = {}) {
  const { apiKey, keyName } = await server.workspaceWithKey();
  const client = createContactsClient({ url: server.url, apiKey, retryBaseDelayMs: 10, ...options });
  return { client, apiKey, keyName };
}

describe("typed calls over HTTP", () => {
  it("creates, updates and reads, and batches calls made together into one request", async () => {
    const { client } = await clientFor();
    const created = await client.contact.create.mutate({ firstName: "Ada", email: "ADA@example.com " });
    expect(created).toMatchObject({ firstName: "Ada", email: "ada@example.com", version: 1 });
    const updated = await client.contact.update.mutate({ id: created.id, data: { lastName: "Lovelace" } });
    expect(updated.version).toBe(2);

    const before = server.requests.length;
    const [a, b, page] = await Promise.all([
      client.contact.get.query({ id: created.id }),
      client.contact.history.query({ id: created.id }),
      client.contact.list.query({ search: "lovelace" }),
    ]);
    expect(server.requests.length - before).toBe(1);
    expect(server.requests.at(-1)?.path).toBe("/api/trpc/contact.get,contact.history,contact.list");
    expect(a).toEqual(updated);
    expect(b.items).toHaveLength(2);
    expect(page.items.map((c) => c.id)).toEqual([created.id]);
  });

  it("keeps the tRPC code, issues and details of errors", async () => {
    const { client } = await clientFor();
    const err = await client.contact.update
      .mutate({ id: "x", data: { email: "nope", bogus: 1 } as never })
      .catch((e: unknown) => e);
    expect(errorCodeOf(err)).toBe("BAD_REQUEST");
    expect(issuesOf(err).map((i) => i.path)).toEqual(
      expect.arrayContaining([
        ["data", "email"],
        ["data", "bogus"],
      ]),
    );
    const missing = await client.contact.get.query({ id: "nope" }).catch((e: unknown) => e);
    expect(errorCodeOf(missing)).toBe("NOT_FOUND");

    const c = await client.contact.create.mutate({ firstName: "A" });
    await client.contact.update.mutate({ id: c.id, data: { lastName: "B" } });
    const stale = await client.contact.update
      .mutate({ id: c.id, data: { lastName: "C" }, expectedVersion: 1 })
      .catch((e: unknown) => e);
    expect(errorCodeOf(stale)).toBe("CONFLICT");
    expect((stale as { data: { details: unknown } }).data.details).toEqual({ currentVersion: 2 });
  });

  it("answers UNAUTHORIZED to a bad key", async () => {
    const client = createContactsClient({ url: `${server.url}/api/trpc`, apiKey: "ck_bad" });
    expect(errorCodeOf(await client.contact.list.query({}).catch((e: unknown) => e))).toBe("UNAUTHORIZED");
  });

  it("records the script's name in history", async () => {
    const { client, keyName } = await clientFor({ scriptName: "contacts import" });
    const c = await client.contact.create.mutate({ firstName: "Scripted" });
    const history = await client.contact.history.query({ id: c.id });
    expect(history.items[0]?.actor).toMatchObject({ type: "api_key", name: `${keyName} (contacts import)` });
  });
});

describe("retries and timeouts", () => {
  it("retries a query after 503s and a dropped connection", async () => {
    const { client } = await clientFor({ retries: 3 });
    faults.push({ path: "contact.list", kind: "503" }, { path: "contact.list", kind: "drop" });
    const page = await client.contact.list.query({});
    expect(page.items).toEqual([]);
    expect(faults).toEqual([]);
  });

  it("gives up after the configured retries, as a network error", async () => {
    const { client } = await clientFor({ retries: 1 });
    faults.push({ path: "contact.list", kind: "drop" }, { path: "contact.list", kind: "drop" });
    const err = await client.contact.list.query({}).catch((e: unknown) => e);
    expect(isNetworkError(err)).toBe(true);
  });

  it("never retries a mutation without a key, but retries one with a key, sending the same key", async () => {
    const { client } = await clientFor({ retries: 3 });
    faults.push({ path: "contact.create", kind: "503" });
    const err = await client.contact.create.mutate({ firstName: "Once" }).catch((e: unknown) => e);
    expect((err as { data?: unknown; meta?: { response?: { status: number } } }).meta?.response?.status).toBe(
      503,
    );
    expect(faults).toEqual([]);

    faults.push({ path: "contact.create", kind: "503" });
    const before = server.requests.length;
    const created = await client.contact.create.mutate(
      { firstName: "Twice" },
      { context: { idempotencyKey: "create-twice-1" } },
    );
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.headers.get("idempotency-key"))).toEqual(["create-twice-1", "create-twice-1"]);
    const page = await client.contact.list.query({ search: "twice" });
    expect(page.items.map((c) => c.id)).toEqual([created.id]);
  });

  it("gives every mutation its own key with autoIdempotencyKeys, and retries retry-safe upserts in a batch", async () => {
    const { apiKey } = await server.workspaceWithKey();
    const client = createContactsClient({
      url: server.url,
      apiKey,
      retryBaseDelayMs: 10,
      autoIdempotencyKeys: true,
    });
    faults.push({ path: "contact.create", kind: "drop" });
    const before = server.requests.length;
    await client.contact.create.mutate({ firstName: "Auto" });
    const keys = server.requests.slice(before).map((r) => r.headers.get("idempotency-key"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);

    const plain = createContactsClient({ url: server.url, apiKey, retryBaseDelayMs: 10 });
    faults.push({ path: "contact.upsertByExternalRef,contact.upsertByExternalRef", kind: "503" });
    const [a, b] = await Promise.all(
      ["1", "2"].map((id) =>
        plain.contact.upsertByExternalRef.mutate(
          { namespace: "crm", id, data: { firstName: `U${id}` } },
          { context: { retrySafe: true } },
        ),
      ),
    );
    expect([a?.outcome, b?.outcome]).toEqual(["created", "created"]);
    expect(faults).toEqual([]);
  });

  it("times out an attempt that gets no answer", async () => {
    const { client } = await clientFor({ retries: 0, timeoutMs: 300 });
    faults.push({ path: "contact.list", kind: "hang" });
    const started = Date.now();
    const err = await client.contact.list.query({}).catch((e: unknown) => e);
    expect(isNetworkError(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("the example", () => {
  it("runs against a live server", async () => {
    const { apiKey } = await server.workspaceWithKey("Example");
    const tsx = path.resolve(import.meta.dirname, "../node_modules/.bin/tsx");
    const { stdout } = await run(tsx, [path.resolve(import.meta.dirname, "../examples/sync-from-crm.ts")], {
      env: { ...process.env, CONTACTS_API_URL: server.url, CONTACTS_API_KEY: apiKey },
    });
    expect(stdout).toContain("created: ");
    expect(stdout).toContain("tagged: 2/2");
    expect(stdout).toContain('rejected: BAD_REQUEST at ["data","email"]');
    expect(stdout).toContain("found: Astrid Lindgren <astrid@example.com> tags=synced");
  });

  it("mirrors a workspace into a file through the change feed, and resumes where it stopped", async () => {
    const { apiKey } = await server.workspaceWithKey("Mirror");
    const client = createContactsClient({ url: server.url, apiKey });
    const ada = await client.contact.create.mutate({ firstName: "Ada" });
    await client.contact.create.mutate({ firstName: "Grace" });
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "mirror-")), "mirror.json");
    const tsx = path.resolve(import.meta.dirname, "../node_modules/.bin/tsx");
    const mirror = () =>
      run(tsx, [path.resolve(import.meta.dirname, "../examples/mirror-contacts.ts"), file, "--once"], {
        env: { ...process.env, CONTACTS_API_URL: server.url, CONTACTS_API_KEY: apiKey },
      });
    const stored = async () =>
      JSON.parse(await readFile(file, "utf8")) as {
        cursor: string;
        contacts: Record<string, { lastName: string }>;
      };

    expect((await mirror()).stdout).toContain("up to date at change 2: 2 contacts");
    await client.contact.update.mutate({ id: ada.id, data: { lastName: "Lovelace" } });
    const { stdout } = await mirror();
    expect(stdout).toContain("resuming after change 2 with 2 contacts");
    // Only what came after its stored cursor: the one contact changed since.
    expect(stdout).toContain("applied 1 contacts, removed 0, now at change 3");
    expect((await stored()).contacts[ada.id]?.lastName).toBe("Lovelace");
    expect((await stored()).cursor).toBe("3");
    // A deletion reaches the mirror too.
    await client.contact.delete.mutate({ id: ada.id });
    expect((await mirror()).stdout).toContain("applied 0 contacts, removed 1, now at change 4");
    expect((await stored()).contacts[ada.id]).toBeUndefined();
    expect(Object.keys((await stored()).contacts)).toHaveLength(1);
    // Three cold starts of tsx: seconds each on a loaded 2-core machine.
  }, 240_000);
});
