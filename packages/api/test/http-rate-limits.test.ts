import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type DbConnection, queryRows } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientAddressOfNodeRequest,
  handleTrpcRequest,
  serveTrpcOverNode,
  type TrpcHttpOptions,
} from "../src/http";
import { type ApiRateLimitConfig, createApiRateLimiter } from "../src/rate-limit/api-rate-limits";
import { parseTrustProxy } from "../src/rate-limit/client-address";
import { createApiKey } from "../src/services/api-keys/api-keys";
import { openSecondInstance } from "./support/second-instance";

/**
 * Rate limits on /api/trpc through both ways in: the fetch handler (Next's route, with the
 * address server.ts resolved) and the node:http server (the socket's address, X-Forwarded-For
 * only behind trusted proxies). Each test connects from a loopback address of its own
 * (127.x.y.z), so its counters are its own even on a database the whole run shares.
 */
const ENDPOINT = "/api/trpc";
let conn: DbConnection;
let server: Server;
let port: number;
/** What the node:http server serves the next request with. */
let serverOptions: TrpcHttpOptions;
/** Trusted proxies of the node:http server: none by default, as in production. */
let trustProxy: string | undefined;

beforeAll(async () => {
  conn = await openTestDb();
  server = createServer((req, res) => {
    const trust = parseTrustProxy(trustProxy);
    serveTrpcOverNode(req, res, {
      ...serverOptions,
      ...(trustProxy ? { clientAddress: clientAddressOfNodeRequest(req, trust) } : {}),
    }).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await conn?.close();
});

const octet = () => 1 + Math.floor(Math.random() * 254);
/** A loopback address no other test (or test file) is likely to connect from. */
const freshLoopback = () => `127.${octet()}.${octet()}.${octet()}`;
/** A public-looking client address, as a proxy would report it. */
const freshPublic = () => `198.18.${octet()}.${octet()}`;

interface Answer {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed JSON body, asserted field by field.
  body: any;
}

type WayIn = "fetch handler" | "node:http server";

/** One call through `way`, from `from` (a loopback address), with `limits`. */
async function call(
  way: WayIn,
  opts: {
    limits: ApiRateLimitConfig;
    from: string;
    path: string;
    method?: "GET" | "POST";
    key?: string;
    body?: unknown;
    headers?: Record<string, string>;
    options?: Partial<TrpcHttpOptions>;
  },
): Promise<Answer> {
  const headers: Record<string, string> = {
    ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
    ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
    ...opts.headers,
  };
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const options: TrpcHttpOptions = {
    endpoint: ENDPOINT,
    getDb: async () => conn.db,
    rateLimiter: limiterFor(opts.limits),
    ...opts.options,
  };
  if (way === "fetch handler") {
    const res = await handleTrpcRequest(
      new Request(`http://contacts.test${opts.path}`, { method: opts.method ?? "GET", headers, body }),
      { ...options, clientAddress: opts.from },
    );
    const text = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers), body: JSON.parse(text) };
  }
  serverOptions = options;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: opts.path,
        method: opts.method ?? "GET",
        headers,
        localAddress: opts.from,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: flat(res.headers),
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const flat = (h: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v)]));

/** One limiter per distinct config, as one app instance would hold (its in-memory blocks too). */
const limiters = new Map<string, ReturnType<typeof createApiRateLimiter>>();
function limiterFor(config: ApiRateLimitConfig) {
  const key = JSON.stringify(config);
  if (!limiters.has(key)) limiters.set(key, createApiRateLimiter(config));
  return limiters.get(key)!;
}

async function workspaceKey() {
  const ws = await createTestWorkspace(conn, "Rate limits");
  const { key } = await createApiKey(conn.db, ws.id, "limited key");
  return { workspaceId: ws.id, key };
}

const contacts = async (workspaceId: string) =>
  (
    await queryRows<{ n: number }>(
      conn.db,
      sql`select count(*)::int as n from contacts where workspace_id = ${workspaceId}`,
    )
  )[0]?.n ?? 0;

const get = (procedure: string, input: unknown = {}) =>
  `${ENDPOINT}/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

describe.each<WayIn>(["fetch handler", "node:http server"])("through the %s", (way) => {
  it("answers n queries per key with the draft's headers and the n+1st with 429, Retry-After and tRPC's error shape", async () => {
    const limits = { readsPerMinute: 3, writesPerMinute: 100, ipPerMinute: 100 };
    const { key } = await workspaceKey();
    const from = freshLoopback();
    for (let i = 1; i <= 3; i++) {
      const ok = await call(way, { limits, from, key, path: get("company.list") });
      expect(ok.status).toBe(200);
      expect(ok.headers["ratelimit-policy"]).toBe('"reads";q=3;w=60, "ip";q=100;w=60');
      expect(ok.headers.ratelimit).toMatch(
        new RegExp(`^"reads";r=${3 - i};t=\\d+, "ip";r=${100 - i};t=\\d+$`),
      );
      expect(ok.headers["retry-after"]).toBeUndefined();
    }
    const refused = await call(way, { limits, from, key, path: get("company.list") });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(refused.headers.ratelimit).toMatch(/^"reads";r=0;t=\d+, "ip";r=96;t=\d+$/);
    expect(refused.body).toEqual({
      error: {
        message: expect.stringMatching(
          /^Rate limit exceeded: at most 3 queries per minute per API key; retry after \d+ s$/,
        ),
        code: -32029,
        data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "company.list", reason: "RATE_LIMITED" },
      },
    });
    // Another key from the same address still has its reads.
    const other = await workspaceKey();
    expect((await call(way, { limits, from, key: other.key, path: get("company.list") })).status).toBe(200);
  });

  it("counts mutations apart from queries, and a batch of N calls as N", async () => {
    const limits = { readsPerMinute: 4, writesPerMinute: 2, ipPerMinute: 100 };
    const { key, workspaceId } = await workspaceKey();
    const from = freshLoopback();
    const batch = `${ENDPOINT}/company.list,company.list,company.list?batch=1&input=${encodeURIComponent(
      JSON.stringify({ 0: {}, 1: {}, 2: {} }),
    )}`;
    expect((await call(way, { limits, from, key, path: batch })).status).toBe(200);
    const fourth = await call(way, { limits, from, key, path: get("company.list") });
    expect(fourth.headers.ratelimit).toMatch(/^"reads";r=0;/);
    expect((await call(way, { limits, from, key, path: get("company.list") })).status).toBe(429);

    const create = { limits, from, key, method: "POST" as const, path: `${ENDPOINT}/contact.create` };
    expect((await call(way, { ...create, body: { firstName: "One" } })).status).toBe(200);
    const second = await call(way, { ...create, body: { firstName: "Two" } });
    expect(second.status).toBe(200);
    expect(second.headers.ratelimit).toMatch(/^"writes";r=0;/);
    const third = await call(way, { ...create, body: { firstName: "Three" } });
    expect(third.status).toBe(429);
    expect(third.body.error.message).toMatch(/at most 2 mutations per minute per API key/);
    // The refused write wrote nothing.
    expect(await contacts(workspaceId)).toBe(2);
  });

  it("counts calls without credentials per address: 401 until the address's budget is spent, then 429", async () => {
    const limits = { readsPerMinute: 100, writesPerMinute: 100, ipPerMinute: 2 };
    const from = freshLoopback();
    for (let i = 0; i < 2; i++) {
      const res = await call(way, { limits, from, path: get("contact.list") });
      expect(res.status).toBe(401);
      expect(res.headers["ratelimit-policy"]).toBe('"ip";q=2;w=60');
    }
    const refused = await call(way, { limits, from, key: "ck_bad", path: get("contact.list") });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/at most 2 calls per minute per client address/);
    // A good key from the same address is refused too: the address is over its budget.
    const { key } = await workspaceKey();
    expect((await call(way, { limits, from, key, path: get("contact.list") })).status).toBe(429);
    expect((await call(way, { limits, from: freshLoopback(), key, path: get("contact.list") })).status).toBe(
      200,
    );
  });

  it("counts nothing and adds no header when turned off", async () => {
    const { key } = await workspaceKey();
    const res = await call(way, {
      limits: { readsPerMinute: 1, writesPerMinute: 1, ipPerMinute: 1 },
      options: { rateLimiter: createApiRateLimiter("off") },
      from: freshLoopback(),
      key,
      path: get("company.list"),
    });
    expect(res.status).toBe(200);
    expect(res.headers["ratelimit-policy"]).toBeUndefined();
  });
});

describe("the client's address on the node:http server", () => {
  it("is the socket's: a spoofed X-Forwarded-For does not change the bucket", async () => {
    trustProxy = undefined;
    const limits = { readsPerMinute: 100, writesPerMinute: 100, ipPerMinute: 2 };
    const from = freshLoopback();
    const statuses = [];
    for (const spoof of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) {
      statuses.push(
        (
          await call("node:http server", {
            limits,
            from,
            path: get("contact.list"),
            headers: { "x-forwarded-for": spoof },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 429]);
  });

  it("is the forwarded one behind a trusted proxy (TRUST_PROXY=1), the proxy's own address otherwise", async () => {
    trustProxy = "1";
    try {
      const limits = { readsPerMinute: 100, writesPerMinute: 100, ipPerMinute: 1 };
      const proxy = freshLoopback();
      const [a, b] = [freshPublic(), freshPublic()];
      const via = (xff: string) =>
        call("node:http server", {
          limits,
          from: proxy,
          path: get("contact.list"),
          headers: { "x-forwarded-for": xff },
        });
      expect((await via(a)).status).toBe(401);
      expect((await via(b)).status).toBe(401);
      expect((await via(`6.6.6.6, ${a}`)).status).toBe(429);
    } finally {
      trustProxy = undefined;
    }
  });
});

describe("two app instances on one database", () => {
  it("share the counts: n calls spread over both, and the n+1st is refused by either", async () => {
    const second = await openSecondInstance(conn);
    try {
      const config = { readsPerMinute: 4, writesPerMinute: 100, ipPerMinute: 100 };
      const [limiterA, limiterB] = [createApiRateLimiter(config), createApiRateLimiter(config)];
      const { key } = await workspaceKey();
      const onA: Partial<TrpcHttpOptions> = { rateLimiter: limiterA };
      const onB: Partial<TrpcHttpOptions> = { rateLimiter: limiterB, getDb: async () => second.db };
      const from = freshLoopback();
      const at = (options: Partial<TrpcHttpOptions>) =>
        call("fetch handler", { limits: config, options, from, key, path: get("company.list") });
      expect([
        (await at(onA)).status,
        (await at(onB)).status,
        (await at(onA)).status,
        (await at(onB)).status,
      ]).toEqual([200, 200, 200, 200]);
      expect((await at(onA)).status).toBe(429);
      expect((await at(onB)).status).toBe(429);
    } finally {
      await second.close();
    }
  });
});
