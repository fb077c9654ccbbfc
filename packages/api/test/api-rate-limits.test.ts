import { randomUUID } from "node:crypto";
import type { DbConnection } from "@contacts/db";
import { openTestDb } from "@contacts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { createApiRateLimiter, type RateLimitedRequest } from "../src/rate-limit/api-rate-limits";
import { rateLimitHeaders } from "../src/rate-limit/rate-limit-headers";
import { openSecondInstance } from "./support/second-instance";

/** The quotas of /api/trpc as a unit: which are counted, how, and what the headers say. */
let conn: DbConnection;
const statements: string[] = [];
beforeAll(async () => {
  conn = await openTestDb({ onQuery: (q) => statements.push(q) });
});
afterAll(() => conn?.close());

const actor = (type: Actor["type"] = "api_key"): Actor => ({
  workspaceId: "w",
  type,
  id: randomUUID(),
  name: "test",
  scopes: "all",
});
/** A client address no other test uses (the counters table is shared by the whole run). */
const freshIp = () =>
  `10.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;
const request = (over: Partial<RateLimitedRequest> = {}): RateLimitedRequest => ({
  actor: actor(),
  clientAddress: freshIp(),
  kind: "read",
  calls: 1,
  ...over,
});

describe("API rate limits", () => {
  it("allows n reads per actor per minute and refuses the n+1st with Retry-After and the draft's headers", async () => {
    const limits = createApiRateLimiter({ readsPerMinute: 3, writesPerMinute: 2, ipPerMinute: 100 });
    const r = request();
    for (let i = 1; i <= 3; i++) {
      const verdict = await limits.spend(conn.db, r);
      expect(verdict.allowed).toBe(true);
      expect(verdict.headers["ratelimit-policy"]).toBe('"reads";q=3;w=60, "ip";q=100;w=60');
      expect(verdict.headers.ratelimit).toMatch(
        new RegExp(`^"reads";r=${3 - i};t=(59|60), "ip";r=${100 - i};t=(59|60)$`),
      );
      expect(verdict.headers["retry-after"]).toBeUndefined();
    }
    const fourth = await limits.spend(conn.db, r);
    expect(fourth.allowed).toBe(false);
    expect(fourth.headers["retry-after"]).toMatch(/^(59|60)$/);
    expect(fourth.headers.ratelimit).toMatch(/^"reads";r=0;t=(59|60), "ip";r=96;t=(59|60)$/);
    expect(fourth.allowed || fourth.message).toMatch(
      /at most 3 queries per minute per API key; retry after (59|60) s/,
    );
  });

  it("counts reads and writes apart, and a batch of N calls as N", async () => {
    const limits = createApiRateLimiter({ readsPerMinute: 5, writesPerMinute: 3, ipPerMinute: 100 });
    const r = request();
    expect((await limits.spend(conn.db, { ...r, kind: "read", calls: 5 })).allowed).toBe(true);
    expect((await limits.spend(conn.db, { ...r, kind: "read", calls: 1 })).allowed).toBe(false);
    const w = await limits.spend(conn.db, { ...r, kind: "write", calls: 2 });
    expect(w.allowed).toBe(true);
    expect(w.headers.ratelimit).toMatch(/^"writes";r=1;/);
    const over = await limits.spend(conn.db, { ...r, kind: "write", calls: 2 });
    expect(over.allowed).toBe(false);
    expect(over.allowed || over.message).toMatch(/3 mutations per minute per API key/);
  });

  it("counts per client address across actors, and the unauthenticated too", async () => {
    const limits = createApiRateLimiter({ readsPerMinute: 100, writesPerMinute: 100, ipPerMinute: 3 });
    const clientAddress = freshIp();
    expect((await limits.spend(conn.db, request({ clientAddress }))).allowed).toBe(true);
    expect((await limits.spend(conn.db, request({ clientAddress, actor: actor("user") }))).allowed).toBe(
      true,
    );
    const anonymous = await limits.spend(conn.db, request({ clientAddress, actor: null }));
    expect(anonymous.allowed).toBe(true);
    expect(anonymous.headers["ratelimit-policy"]).toBe('"ip";q=3;w=60');
    const fourth = await limits.spend(conn.db, request({ clientAddress, kind: "write" }));
    expect(fourth.allowed).toBe(false);
    expect(fourth.allowed || fourth.message).toMatch(/at most 3 calls per minute per client address/);
    // Another address is untouched; an IPv6 client is counted per /64.
    expect((await limits.spend(conn.db, request())).allowed).toBe(true);
    const net = `2001:db8:${Math.floor(Math.random() * 65535).toString(16)}:1`;
    for (const host of ["::1", "::2", "::3"]) {
      expect((await limits.spend(conn.db, request({ clientAddress: `${net}${host}` }))).allowed).toBe(true);
    }
    expect((await limits.spend(conn.db, request({ clientAddress: `${net}::4` }))).allowed).toBe(false);
  });

  it("counts a signed-in user like a key, per user", async () => {
    const limits = createApiRateLimiter({ readsPerMinute: 1, writesPerMinute: 1, ipPerMinute: 0 });
    const user = actor("user");
    expect((await limits.spend(conn.db, request({ actor: user }))).allowed).toBe(true);
    const second = await limits.spend(conn.db, request({ actor: user }));
    expect(second.allowed || second.message).toMatch(/1 queries per minute per user/);
    expect(second.headers["ratelimit-policy"]).toBe('"reads";q=1;w=60');
  });

  it("costs one statement per request, and none once a caller is refused", async () => {
    const limits = createApiRateLimiter({ readsPerMinute: 1, writesPerMinute: 1, ipPerMinute: 100 });
    const r = request();
    let before = statements.length;
    await limits.spend(conn.db, r);
    expect(statements.length - before).toBe(1);
    await limits.spend(conn.db, r);
    before = statements.length;
    const refused = await limits.spend(conn.db, r);
    expect(refused.allowed).toBe(false);
    expect(refused.headers["retry-after"]).toMatch(/^(59|60)$/);
    expect(refused.headers.ratelimit).toMatch(/^"reads";r=0;t=(59|60)$/);
    expect(statements.length).toBe(before);
  });

  it("shares the counts of two instances on one database", async () => {
    const second = await openSecondInstance(conn);
    try {
      const config = { readsPerMinute: 2, writesPerMinute: 2, ipPerMinute: 100 };
      const [a, b] = [createApiRateLimiter(config), createApiRateLimiter(config)];
      const r = request();
      expect((await a.spend(conn.db, r)).allowed).toBe(true);
      expect((await b.spend(second.db, r)).allowed).toBe(true);
      expect((await a.spend(conn.db, r)).allowed).toBe(false);
      expect((await b.spend(second.db, r)).allowed).toBe(false);
    } finally {
      await second.close();
    }
  });

  it("counts nothing when off", async () => {
    const limits = createApiRateLimiter("off");
    const before = statements.length;
    for (let i = 0; i < 5; i++)
      expect(await limits.spend(conn.db, request())).toEqual({ allowed: true, headers: {} });
    expect(statements.length).toBe(before);
  });
});

describe("rateLimitHeaders", () => {
  it("writes Structured Field lists and a Retry-After of at least one second", () => {
    expect(
      rateLimitHeaders(
        [
          { policy: "writes", quota: 600, windowSeconds: 60, remaining: 0, msLeft: 1 },
          { policy: "ip", quota: 3000, windowSeconds: 60 },
        ],
        1,
      ),
    ).toEqual({
      "ratelimit-policy": '"writes";q=600;w=60, "ip";q=3000;w=60',
      ratelimit: '"writes";r=0;t=1',
      "retry-after": "1",
    });
    expect(rateLimitHeaders([])).toEqual({});
  });
});
