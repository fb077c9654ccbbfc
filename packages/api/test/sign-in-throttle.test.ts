import { randomUUID } from "node:crypto";
import { type DbConnection, queryRows } from "@contacts/db";
import { openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignInThrottle } from "../src/rate-limit/sign-in-throttle";
import { openSecondInstance } from "./support/second-instance";

/** Failed sign-ins per email and per address; the web app's route and action both use it. */
let conn: DbConnection;
beforeAll(async () => {
  conn = await openTestDb();
});
afterAll(() => conn?.close());

const email = () => `${randomUUID()}@example.com`;
const ip = () =>
  `10.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;
const throttle = (over = {}) =>
  createSignInThrottle({ maxFailuresPerEmail: 3, maxFailuresPerIp: 5, windowMinutes: 15, ...over });

describe("sign-in throttle", () => {
  it("allows n failures per email and refuses the n+1st attempt from any address, for minutes", async () => {
    const t = throttle();
    const who = email();
    for (let i = 0; i < 3; i++)
      expect(await t.admit(conn.db, { email: who, clientAddress: ip() })).toEqual({ allowed: true });
    const refused = await t.admit(conn.db, { email: who.toUpperCase(), clientAddress: ip() });
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(refused.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(refused.message).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    // Another email is not affected.
    expect((await t.admit(conn.db, { email: email(), clientAddress: ip() })).allowed).toBe(true);
  });

  it("allows n failures per address over any emails and refuses the n+1st", async () => {
    const t = throttle();
    const from = ip();
    for (let i = 0; i < 5; i++)
      expect((await t.admit(conn.db, { email: email(), clientAddress: from })).allowed).toBe(true);
    expect((await t.admit(conn.db, { email: email(), clientAddress: from })).allowed).toBe(false);
  });

  it("does not count successful sign-ins, and forgets an email's failures after one", async () => {
    const t = throttle();
    const who = email();
    const from = ip();
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 2; i++)
        expect((await t.admit(conn.db, { email: who, clientAddress: ip() })).allowed).toBe(true);
      const ok = { email: who, clientAddress: from };
      expect((await t.admit(conn.db, ok)).allowed).toBe(true);
      await t.succeeded(conn.db, ok);
    }
    // Many successes from one address never use up its budget (the e2e suite signs in this way).
    for (let i = 0; i < 20; i++) {
      const attempt = { email: email(), clientAddress: from };
      expect((await t.admit(conn.db, attempt)).allowed).toBe(true);
      await t.succeeded(conn.db, attempt);
    }
  });

  it("stores no email as written", async () => {
    const t = throttle();
    const who = `stored-${randomUUID()}@example.com`;
    await t.admit(conn.db, { email: who, clientAddress: ip() });
    const rows = await queryRows<{ n: number }>(
      conn.db,
      sql`select count(*)::int as n from rate_limits where key like ${`%${who.slice(0, 20)}%`}`,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it("holds across instances", async () => {
    const second = await openSecondInstance(conn);
    try {
      const [a, b] = [throttle(), throttle()];
      const who = email();
      await a.admit(conn.db, { email: who, clientAddress: ip() });
      await b.admit(second.db, { email: who, clientAddress: ip() });
      await a.admit(conn.db, { email: who, clientAddress: ip() });
      expect((await b.admit(second.db, { email: who, clientAddress: ip() })).allowed).toBe(false);
    } finally {
      await second.close();
    }
  });
});
