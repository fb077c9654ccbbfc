import type { AddressInfo } from "node:net";
import { type Database, schema } from "@contacts/db";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { handleRestRequest, handleTrpcRequest } from "../src/http";
import {
  metricsResponse,
  metricsText,
  observeDatabase,
  recordRequest,
  startMetricsServer,
} from "../src/metrics";
import { createApiKey } from "../src/services/api-keys/api-keys";
import { parseReceiverPolicy } from "../src/services/webhooks/receiver-address";
import { WebhookDispatcher } from "../src/services/webhooks/webhook-dispatcher";
import { createWebhookEndpoint } from "../src/services/webhooks/webhook-endpoints";
import { useHarness } from "./support/harness";

/**
 * /metrics (docs/metrics.md): what the pipeline counts per procedure and status on both
 * transports, what the database gauges say, and who may read them. The registry is the
 * process's, shared by every test of this file, so each test compares a scrape before and after.
 */
const h = useHarness();
const ORIGIN = "http://contacts.test";
const TOKEN = "metrics-token-0123456789abcdef";

beforeAll(() => {
  // Every scrape reads the backlog afresh here; the 5 s cache has a test of its own.
  observeDatabase(h.conn, { backlogCacheMs: 0 });
});

/** Samples of the text format: `name{labels} value`, keyed by the line up to the value. */
type Samples = Map<string, number>;

function parseMetrics(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`Not a sample line: ${line}`);
    samples.set(m[1] as string, Number(m[2]));
  }
  return samples;
}

async function scrape(): Promise<Samples> {
  return parseMetrics((await metricsText()).text);
}

/** A sample's value; labels in the order prom-client writes them (as declared). */
function value(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  return samples.get(body ? `${name}{${body}}` : name) ?? 0;
}

const requests = (s: Samples, procedure: string, transport: string, status: number) =>
  value(s, "http_requests_total", { procedure, transport, status: String(status) });
const durations = (s: Samples, procedure: string, transport: string, status: number) =>
  value(s, "http_request_duration_seconds_count", { procedure, transport, status: String(status) });

async function workspaceKey() {
  const { ws, caller } = await h.workspace();
  const { key } = await createApiKey(h.db, ws.id, "metrics test");
  return { ws, caller, key };
}

function trpc(path: string, init: { key?: string; input?: unknown; method?: "GET" | "POST" } = {}) {
  const method = init.method ?? "GET";
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const query =
    method === "GET" && init.input !== undefined
      ? `?input=${encodeURIComponent(JSON.stringify(init.input))}`
      : "";
  return handleTrpcRequest(
    new Request(`${ORIGIN}/api/trpc/${path}${query}`, {
      method,
      headers,
      ...(method === "POST" ? { body: JSON.stringify(init.input ?? {}) } : {}),
    }),
    { endpoint: "/api/trpc", getDb: async () => h.db },
  );
}

function rest(path: string, key?: string) {
  return handleRestRequest(
    new Request(`${ORIGIN}/api/v1${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
    { getDb: async () => h.db },
  );
}

describe("request metrics", () => {
  it("counts tRPC and REST calls per procedure or route template and status, the histogram as often as the counter", async () => {
    const { caller, key } = await workspaceKey();
    const contact = await caller.contact.create({ firstName: "Ada" });
    const before = await scrape();

    const answers = await Promise.all([
      trpc("contact.get", { key, input: { id: contact.id } }),
      trpc("contact.get", { key, input: { id: contact.id } }),
      trpc("contact.get", { key, input: {} }),
      trpc("contact.get", { input: { id: contact.id } }),
      trpc("contact.get", { key, input: { id: "no-such-contact" } }),
      trpc("contact.update", { key, method: "POST", input: { id: contact.id, data: { lastName: "L" } } }),
      trpc(`contact.nope-${Date.now()}`, { key, input: {} }),
      trpc(
        `contact.get,company.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: contact.id }, 1: {} }))}`,
        { key },
      ),
      rest(`/contacts/${contact.id}`, key),
      rest(`/contacts/${contact.id}`),
      rest("/contacts/no-such-contact", key),
      rest(`/no-such-route/${contact.id}`, key),
    ]);
    expect(answers.map((a) => a.status)).toEqual([
      200, 200, 400, 401, 404, 200, 404, 200, 200, 401, 404, 404,
    ]);
    const after = await scrape();

    const expected: [string, string, number, number][] = [
      // Two alone and one in the batch.
      ["contact.get", "trpc", 200, 3],
      ["contact.get", "trpc", 400, 1],
      ["contact.get", "trpc", 401, 1],
      ["contact.get", "trpc", 404, 1],
      ["contact.update", "trpc", 200, 1],
      // An unknown path is one label, whatever it says: bounded cardinality.
      ["unknown", "trpc", 404, 1],
      // A batch counts once per call it holds.
      ["company.list", "trpc", 200, 1],
      ["GET /contacts/{id}", "rest", 200, 1],
      ["GET /contacts/{id}", "rest", 401, 1],
      ["GET /contacts/{id}", "rest", 404, 1],
      ["unknown", "rest", 404, 1],
    ];
    for (const [procedure, transport, status, n] of expected) {
      const label = `${procedure} ${transport} ${status}`;
      expect(
        requests(after, procedure, transport, status) - requests(before, procedure, transport, status),
        label,
      ).toBe(n);
      expect(
        durations(after, procedure, transport, status) - durations(before, procedure, transport, status),
        label,
      ).toBe(n);
    }
    // No raw path or id is ever a label.
    for (const name of after.keys()) {
      expect(name).not.toContain(contact.id);
      expect(name).not.toContain("no-such");
      expect(name).not.toContain("nope");
    }
  });

  it("puts every observation in the +Inf bucket and sums durations in seconds", async () => {
    const before = await scrape();
    recordRequest("next", ["next:page"], 200, 0.002);
    recordRequest("next", ["next:page"], 200, 0.5);
    const after = await scrape();
    const labels = { procedure: "next:page", transport: "next", status: "200" };
    const bucket = (s: Samples, le: string) =>
      value(s, "http_request_duration_seconds_bucket", { ...labels, le });
    expect(bucket(after, "+Inf") - bucket(before, "+Inf")).toBe(2);
    expect(bucket(after, "0.003") - bucket(before, "0.003")).toBe(1);
    expect(
      value(after, "http_request_duration_seconds_sum", labels) -
        value(before, "http_request_duration_seconds_sum", labels),
    ).toBeCloseTo(0.502, 6);
  });
});

describe("database metrics", () => {
  /**
   * The backlog read from a cache primed first: on the embedded database a scrape's own
   * statement would queue behind the transaction the test holds open.
   */
  async function withCachedBacklog(test: () => Promise<void>) {
    // An hour, not the default 5 s: on a loaded machine the test outlasted 5 s, the scrape read
    // the backlog again and waited behind the held transaction for good.
    observeDatabase(h.conn, { backlogCacheMs: 3_600_000 });
    try {
      await scrape();
      await test();
    } finally {
      observeDatabase(h.conn, { backlogCacheMs: 0 });
    }
  }

  it("shows connections in use and waiting while work holds them, and none in use once idle", () =>
    withCachedBacklog(async () => {
      const before = await scrape();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let begun!: () => void;
      const inside = new Promise<void>((resolve) => {
        begun = resolve;
      });
      // A transaction holds a connection (PGlite's one session) until it ends...
      const transaction = h.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        begun();
        await held;
      });
      await inside;
      // ...and two statements beside it: on PGlite they wait, on PostgreSQL they run.
      // (Slow on PostgreSQL so they are still running at the scrape; drizzle issues them once awaited.)
      const statements = [1, 2].map(async () => h.db.execute(sql`select pg_sleep(1)`));
      let busy: Samples;
      try {
        await vi.waitFor(() => expect(h.conn.activity.demand).toBe(3), { interval: 5, timeout: 30_000 });
        busy = await scrape();
      } finally {
        // Whatever happened, the session is given back (on PGlite every later test needs it).
        release();
        await Promise.allSettled([transaction, ...statements]);
      }
      await Promise.all([transaction, ...statements]);
      const idle = await scrape();

      const size = value(busy, "db_pool_size");
      expect(size).toBe(h.conn.driver === "pglite" ? 1 : 25);
      const inUse = value(busy, "db_pool_connections_in_use");
      const waiting = value(busy, "db_pool_requests_waiting");
      expect(inUse).toBe(Math.min(3, size));
      expect(inUse + waiting).toBe(3);
      expect(value(idle, "db_pool_connections_in_use")).toBe(0);
      expect(value(idle, "db_pool_requests_waiting")).toBe(0);
      // Each statement was timed, by its kind (the transaction's own too).
      const selects = (s: Samples) => value(s, "db_statement_duration_seconds_count", { kind: "select" });
      expect(selects(idle) - selects(before)).toBe(3);
    }));

  it("counts a transaction as one connection in use until it ends, its statements by kind", () =>
    withCachedBacklog(async () => {
      const { ws } = await h.workspace();
      const before = await scrape();
      let during: Samples | undefined;
      await h.db.transaction(async (tx) => {
        await tx.update(schema.workspaces).set({ name: "renamed" }).where(eq(schema.workspaces.id, ws.id));
        during = await scrape();
      });
      const after = await scrape();
      expect(value(during as Samples, "db_pool_connections_in_use")).toBe(1);
      expect(value(after, "db_pool_connections_in_use")).toBe(0);
      const updates = (s: Samples) => value(s, "db_statement_duration_seconds_count", { kind: "update" });
      expect(updates(after) - updates(before)).toBe(1);
    }));
});

describe("webhook backlog", () => {
  it("shows the pending deliveries and the age of the oldest", async () => {
    const { ws, actor, caller } = await h.workspace();
    // A receiver that is not there: the first attempt fails, the next is a minute away.
    const policy = parseReceiverPolicy(false, "127.0.0.1");
    await createWebhookEndpoint(
      h.db,
      actor,
      { url: "http://127.0.0.1:1/hook", events: ["contact.created"], description: null },
      { policy },
    );
    const before = await scrape();
    await caller.contact.create({ firstName: "One" });
    await caller.contact.create({ firstName: "Two" });
    const dispatcher = new WebhookDispatcher(h.db as Database, { policy, schedule: [0, 60_000], pollMs: 20 });
    try {
      await dispatcher.runOnce();
    } finally {
      await dispatcher.stop();
    }
    const after = await scrape();
    expect(value(after, "webhook_deliveries_pending") - value(before, "webhook_deliveries_pending")).toBe(2);
    expect(value(after, "webhook_oldest_pending_age_seconds")).toBeGreaterThan(0);

    await h.db.delete(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.workspaceId, ws.id));
    expect(value(await scrape(), "webhook_deliveries_pending")).toBe(
      value(before, "webhook_deliveries_pending"),
    );
  });

  it("reads the backlog at most once per cache period however often it is scraped", async () => {
    const statements: string[] = [];
    const { activity } = h.conn;
    const observe = activity.onStatement;
    observeDatabase(h.conn);
    const counting = activity.onStatement;
    try {
      await scrape();
      activity.onStatement = (kind, seconds) => {
        statements.push(kind);
        counting?.(kind, seconds);
      };
      await Promise.all([scrape(), scrape(), scrape()]);
      await scrape();
      expect(statements).toEqual([]);
    } finally {
      activity.onStatement = observe;
      observeDatabase(h.conn, { backlogCacheMs: 0 });
    }
  });
});

describe("exposure", () => {
  it("answers 404 without a configured token, 401 without or with a wrong token, the metrics with it", async () => {
    expect((await metricsResponse(`Bearer ${TOKEN}`, undefined)).status).toBe(404);
    expect((await metricsResponse(null, TOKEN)).status).toBe(401);
    const wrong = await metricsResponse("Bearer metrics-token-0123456789abcdeX", TOKEN);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await metricsResponse("Bearer short", TOKEN)).status).toBe(401);
    expect((await metricsResponse(TOKEN, TOKEN)).status).toBe(401);
    const ok = await metricsResponse(`Bearer ${TOKEN}`, TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    const samples = parseMetrics(await ok.text());
    expect(samples.has("process_cpu_seconds_total")).toBe(true);
  });

  it("serves /metrics alone on a port of its own, with the token when one is set", async () => {
    const open = await startMetricsServer({ port: 0, host: "127.0.0.1" });
    const guarded = await startMetricsServer({ port: 0, host: "127.0.0.1", token: TOKEN });
    const url = (server: typeof open, path: string) =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
    try {
      const res = await fetch(url(open, "/metrics"));
      expect(res.status).toBe(200);
      expect(parseMetrics(await res.text()).has("db_pool_connections_in_use")).toBe(true);
      expect((await fetch(url(open, "/api/trpc/contact.get"))).status).toBe(404);
      expect((await fetch(url(open, "/metrics"), { method: "POST" })).status).toBe(404);
      expect((await fetch(url(guarded, "/metrics"))).status).toBe(401);
      const withToken = await fetch(url(guarded, "/metrics"), {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(withToken.status).toBe(200);
    } finally {
      await new Promise((resolve) => open.close(resolve));
      await new Promise((resolve) => guarded.close(resolve));
    }
  });
});
