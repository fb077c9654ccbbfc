// @vitest-environment node
import { randomUUID } from "node:crypto";
import { createSignInThrottle, createUser, type SignInThrottleConfig } from "@contacts/api";
import type { DbConnection } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Auth, createAuth } from "@/server/auth";
import { CLIENT_ADDRESS_HEADER, trustClientAddressHeader } from "@/server/client-address";
import { signInWithPassword } from "@/server/sign-in-with-password";

/**
 * Sign-in through both ways in, on a real database: better-auth's HTTP route
 * (/api/auth/sign-in/email, what route.ts serves) and the server action's code path
 * (auth.api.signInEmail with the request's headers). Same answers for unknown and known
 * emails, in the same time; failures throttled per email and per client address.
 */
const ORIGIN = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";

let conn: DbConnection;
beforeAll(async () => {
  conn = await openTestDb();
  // As server.ts does at start: the client-address header is stamped, so it is read.
  trustClientAddressHeader();
}, 180_000);
afterAll(() => conn?.close());

/** A user of a fresh workspace: failure counters are per email and shared by the whole run. */
async function knownEmail(): Promise<string> {
  const ws = await createTestWorkspace(conn);
  const email = `known-${randomUUID()}@example.com`;
  await createUser(conn.db, ws.id, { email, password: PASSWORD });
  return email;
}

const authWith = (config: Partial<SignInThrottleConfig> = {}): Auth =>
  createAuth(conn.db, {
    signInThrottle: createSignInThrottle({
      maxFailuresPerEmail: 3,
      maxFailuresPerIp: 6,
      windowMinutes: 15,
      ...config,
    }),
  });

const freshIp = () =>
  `10.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;

/** POST /api/auth/sign-in/email as a browser (or a script) would. */
async function viaRoute(auth: Auth, body: { email: string; password: string }, ip = freshIp()) {
  const res = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, [CLIENT_ADDRESS_HEADER]: ip },
      body: JSON.stringify(body),
    }),
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** The server action's path: the form, the request's headers. */
function viaAction(auth: Auth, body: { email: string; password: string }, ip = freshIp()) {
  const form = new FormData();
  form.set("email", body.email);
  form.set("password", body.password);
  return signInWithPassword(auth, form, new Headers({ origin: ORIGIN, [CLIENT_ADDRESS_HEADER]: ip }));
}

describe("sign-in answers", () => {
  it("gives an unknown email and a wrong password the same 401, never a 500", async () => {
    const email = await knownEmail();
    const auth = authWith();
    const unknown = await viaRoute(auth, {
      email: `nobody-${randomUUID()}@example.com`,
      password: "x-password",
    });
    const wrong = await viaRoute(auth, { email, password: "x-password" });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(await viaAction(auth, { email: `nobody-${randomUUID()}@example.com`, password: "x" })).toEqual(
      expect.objectContaining({ error: "Wrong email or password" }),
    );
    expect((await viaAction(auth, { email, password: "x" })).error).toBe("Wrong email or password");
  });

  it("signs in with the right password on both ways in", async () => {
    const email = await knownEmail();
    const auth = authWith();
    const ok = await viaRoute(auth, { email, password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(/session_token=/);
    expect(await viaAction(auth, { email, password: PASSWORD })).toEqual({ error: null, email });
  });

  it("takes as long for an unknown email as for a wrong password (medians of 50 tries each)", async () => {
    const email = await knownEmail();
    const auth = authWith({ maxFailuresPerEmail: 1000, maxFailuresPerIp: 1000 });
    const known: number[] = [];
    const unknown: number[] = [];
    const time = async (into: number[], body: { email: string; password: string }) => {
      const started = performance.now();
      const res = await viaRoute(auth, body);
      into.push(performance.now() - started);
      expect(res.status).toBe(401);
    };
    // Warm both paths, then alternate so drift in machine load hits both alike.
    await time([], { email, password: "warm-up" });
    await time([], { email: `warm-${randomUUID()}@example.com`, password: "warm-up" });
    for (let i = 0; i < 50; i++) {
      await time(known, { email, password: `wrong-${i}` });
      await time(unknown, { email: `nobody-${randomUUID()}@example.com`, password: `wrong-${i}` });
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return (s[24]! + s[25]!) / 2;
    };
    const [k, u] = [median(known), median(unknown)];
    console.log(
      `sign-in medians over 50 tries: known email ${k.toFixed(1)} ms, unknown email ${u.toFixed(1)} ms`,
    );
    // Both are one scrypt hash (tens of ms; hundreds on a loaded CI machine); the lookups around
    // it differ by well under a millisecond. A path without the hash would take half the time
    // or less (a ratio of 2 or more); the margin up to 1.5 is for a busy 2-core machine, where
    // medians of the same work were seen 20 % apart.
    const [fast, slow] = [Math.min(k, u), Math.max(k, u)];
    expect(slow).toBeLessThan(Math.max(fast + 3, 1.5 * fast));
  }, 600_000);
});

describe("sign-in throttling", () => {
  it("refuses the n+1st attempt for an email through the route with 429 and Retry-After, right password or not", async () => {
    const auth = authWith();
    const who = `throttled-${randomUUID()}@example.com`;
    for (let i = 0; i < 3; i++)
      expect((await viaRoute(auth, { email: who, password: "nope" })).status).toBe(401);
    const refused = await viaRoute(auth, { email: who, password: "nope" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(refused.body).toMatchObject({ message: "Too many failed sign-ins. Try again in 15 minutes." });
  });

  it("counts the route's and the action's failures together, and refuses a known email's right password once throttled", async () => {
    const who = await knownEmail();
    const auth = authWith();
    expect((await viaRoute(auth, { email: who, password: "nope" })).status).toBe(401);
    expect((await viaAction(auth, { email: who, password: "nope" })).error).toBe("Wrong email or password");
    expect((await viaRoute(auth, { email: who, password: "nope" })).status).toBe(401);
    const state = await viaAction(auth, { email: who, password: PASSWORD });
    expect(state.error).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    expect((await viaRoute(auth, { email: who, password: PASSWORD })).status).toBe(429);
  });

  it("refuses an address after n failures over any emails, on both ways in", async () => {
    const email = await knownEmail();
    const auth = authWith();
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect(
        (await viaRoute(auth, { email: `a-${randomUUID()}@example.com`, password: "x" }, ip)).status,
      ).toBe(401);
      expect(
        (await viaAction(auth, { email: `b-${randomUUID()}@example.com`, password: "x" }, ip)).error,
      ).toBe("Wrong email or password");
    }
    expect((await viaRoute(auth, { email: `c-${randomUUID()}@example.com`, password: "x" }, ip)).status).toBe(
      429,
    );
    expect((await viaAction(auth, { email, password: PASSWORD }, ip)).error).toMatch(
      /^Too many failed sign-ins/,
    );
    // Another address signs in as usual.
    expect((await viaRoute(auth, { email, password: PASSWORD })).status).toBe(200);
  });

  it("never throttles successful sign-ins, however many from one address", async () => {
    const email = await knownEmail();
    const auth = authWith();
    const ip = freshIp();
    // Four times the address's failure budget, three at a time (an attempt in flight holds a
    // point until it succeeds: SIGN_IN_MAX_FAILURES_PER_IP simultaneous sign-ins would not fit).
    for (let wave = 0; wave < 8; wave++) {
      const [a, b, c] = await Promise.all([
        viaRoute(auth, { email, password: PASSWORD }, ip),
        viaAction(auth, { email, password: PASSWORD }, ip),
        viaRoute(auth, { email, password: PASSWORD }, ip),
      ]);
      expect([a.status, b.error, c.status]).toEqual([200, null, 200]);
    }
    // A wrong password from there is still a plain 401: nothing of the budget was spent.
    for (let i = 0; i < 5; i++)
      expect(
        (await viaRoute(auth, { email: `e-${randomUUID()}@example.com`, password: "x" }, ip)).status,
      ).toBe(401);
  });

  it("under next dev (no server.ts), counts every client as one local address, whatever header it sends", async () => {
    const holder = globalThis as { __contactsClientAddressHeader?: boolean };
    holder.__contactsClientAddressHeader = false;
    try {
      const auth = authWith({ maxFailuresPerEmail: 100, maxFailuresPerIp: 2 });
      const before = await viaRoute(
        auth,
        { email: `d-${randomUUID()}@example.com`, password: "x" },
        freshIp(),
      );
      // The "local" bucket is shared by the whole run: it may be spent already, never more than this.
      if (before.status === 401)
        await viaRoute(auth, { email: `d-${randomUUID()}@example.com`, password: "x" }, freshIp());
      expect(
        (await viaRoute(auth, { email: `d-${randomUUID()}@example.com`, password: "x" }, freshIp())).status,
      ).toBe(429);
    } finally {
      trustClientAddressHeader();
    }
  });
});
