import { createApiRateLimiter } from "@contacts/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContactsClient, errorCodeOf, parseRetryAfter } from "../src";
import { type LiveServer, startLiveServer } from "../src/testing/live-server";

/**
 * The client against a live server whose rate limits have a 2-second window: a 429 says
 * `Retry-After: 1` or `2`, and the client waits that long before it tries again (queries, and
 * mutations only when they are safe to repeat).
 */
const WINDOW_SECONDS = 2;
let server: LiveServer;
/** 503s with a Retry-After to answer before the API, by procedure path. */
const unavailable: { path: string; retryAfter: string }[] = [];

beforeAll(async () => {
  server = await startLiveServer({
    rateLimiter: createApiRateLimiter({
      readsPerMinute: 2,
      writesPerMinute: 1,
      ipPerMinute: 0,
      windowSeconds: WINDOW_SECONDS,
    }),
    intercept: (req) => {
      const index = unavailable.findIndex((u) => new URL(req.url).pathname.endsWith(u.path));
      if (index === -1) return undefined;
      const [fault] = unavailable.splice(index, 1);
      return Response.json(
        { error: { message: "busy", code: -32603, data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } } },
        { status: 503, headers: { "retry-after": fault?.retryAfter ?? "1" } },
      );
    },
  });
});
afterAll(() => server.close());

/** A client whose own backoff (10 ms) is far shorter than any Retry-After. */
async function clientFor(options: { maxRetryAfterMs?: number } = {}) {
  const { apiKey } = await server.workspaceWithKey();
  return createContactsClient({ url: server.url, apiKey, retries: 3, retryBaseDelayMs: 10, ...options });
}

/** Statuses the server answered since `from`, for calls to `path`. */
const statusesSince = (from: number, path: string) =>
  server.requests
    .slice(from)
    .filter((r) => r.path.endsWith(path))
    .map((r) => r.status);

describe("Retry-After", () => {
  it("waits out a 429's Retry-After, then the query succeeds", async () => {
    // The window starts at a key's first call: on a loaded machine the first two calls can take
    // the whole 2 s, and the third then opens a new window (200, not 429). Such a try says
    // nothing about Retry-After, so it is made again with a fresh key (at most 5 times).
    let client: Awaited<ReturnType<typeof clientFor>>;
    let before: number;
    let started: number;
    for (let attempt = 1; ; attempt++) {
      client = await clientFor();
      before = server.requests.length;
      const first = Date.now();
      await client.company.list.query({});
      await client.company.list.query({});
      started = Date.now();
      if (started - first < (WINDOW_SECONDS - 0.5) * 1000 || attempt === 5) break;
    }
    const page = await client.company.list.query({});
    const waited = Date.now() - started;
    expect(page.items).toEqual([]);
    const statuses = statusesSince(before, "company.list");
    expect(statuses.slice(0, 3)).toEqual([200, 200, 429]);
    expect(statuses.at(-1)).toBe(200);
    // The server asked for the rest of its window (1–2 s): the client's own backoff is 10 ms.
    expect(waited).toBeGreaterThanOrEqual(900);
    // Not the 3 retries of a client that ignores it: one wait, one retry (two if the retry
    // landed just before the window's end).
    expect(statuses.length).toBeLessThanOrEqual(5);
  });

  it("retries a keyed mutation after Retry-After, never one without a key", async () => {
    const client = await clientFor();
    await client.company.create.mutate({ name: "First" });
    const refused = await client.company.create.mutate({ name: "Unkeyed" }).catch((e: unknown) => e);
    expect(errorCodeOf(refused)).toBe("TOO_MANY_REQUESTS");
    expect((refused as Error).message).toMatch(/at most 1 mutations per 2 s per API key/);

    const before = server.requests.length;
    const started = Date.now();
    const created = await client.company.create.mutate(
      { name: "Keyed" },
      { context: { idempotencyKey: "k-1" } },
    );
    expect(created.name).toBe("Keyed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const statuses = statusesSince(before, "company.create");
    expect(statuses[0]).toBe(429);
    expect(statuses.at(-1)).toBe(200);
  });

  it("fails at once when the server asks for longer than maxRetryAfterMs", async () => {
    const client = await clientFor({ maxRetryAfterMs: 100 });
    await client.company.list.query({});
    await client.company.list.query({});
    const before = server.requests.length;
    const err = await client.company.list.query({}).catch((e: unknown) => e);
    expect(errorCodeOf(err)).toBe("TOO_MANY_REQUESTS");
    expect(statusesSince(before, "company.list")).toEqual([429]);
  });

  it("waits out a 503's Retry-After too", async () => {
    const client = await clientFor();
    unavailable.push({ path: "contact.list", retryAfter: "1" });
    const started = Date.now();
    await client.contact.list.query({});
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(unavailable).toEqual([]);
  });
});

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates, and nothing else", () => {
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 02 Dec 2026 10:00:12 GMT", now)).toBe(12_000);
    expect(parseRetryAfter("Wed, 02 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
