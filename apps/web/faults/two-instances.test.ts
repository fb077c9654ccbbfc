import { createApiKey, revokeApiKey } from "@contacts/api";
import { type DbConnection, schema } from "@contacts/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, createContacts, provision, report, sleep, storedWrites, trpc } from "./support/api";
import { type AppServer, buildMissing, startApp } from "./support/app-server";
import { PostgresServer, postgresMissing } from "./support/postgres-server";

/**
 * Two `pnpm start` processes on one PostgreSQL, as behind a load balancer: writers spread over
 * both lose no update, one Idempotency-Key sent to both at once makes one contact, and a key
 * revoked anywhere stops working on both within a second.
 */
const skip = postgresMissing() ?? buildMissing();
if (skip) console.log(`[faults] two-instance tests skipped: ${skip}`);

describe.skipIf(skip)("two instances on one PostgreSQL", () => {
  let pg: PostgresServer;
  let a: AppServer;
  let b: AppServer;
  let conn: DbConnection;
  let key: string;
  let workspaceId: string;
  beforeAll(async () => {
    pg = await PostgresServer.start();
    const db = await provision(pg.url(), "two");
    conn = db.conn;
    key = db.key;
    workspaceId = db.workspaceId;
    [a, b] = await Promise.all([startApp({ DATABASE_URL: db.url }), startApp({ DATABASE_URL: db.url })]);
    await Promise.all([a.waitForHealth(90_000), b.waitForHealth(90_000)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await conn?.close();
    pg?.destroy();
  });

  it("concurrent writers spread over both lose no update", async () => {
    const ids = await createContacts(a.url, key, 3, "Shared");
    const instances = [a, b];
    // 3 contacts × 20 writers, alternating instances, all at once; each sets its own value.
    const writes = ids.flatMap((id, c) =>
      Array.from({ length: 20 }, (_, w) => ({
        id,
        value: `contact ${c} writer ${w}`,
        via: instances[w % 2]!,
      })),
    );
    const answers: Answer[] = await Promise.all(
      writes.map((w) => trpc(w.via.url, key, "contact.update", { id: w.id, data: { strategy: w.value } })),
    );
    const failed = answers.filter((r) => r.status !== 200);
    expect(failed.map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    for (const id of ids) {
      const stored = await storedWrites(conn, id);
      const mine = writes.filter((w) => w.id === id).map((w) => w.value);
      // Every acknowledged value is in the history, once; one version per entry, exactly.
      expect([...stored.strategies].sort()).toEqual([...mine].sort());
      expect(stored.version).toBe(1 + mine.length);
      expect(stored.historyEntries).toBe(stored.version);
    }
    report("two instances, 60 concurrent updates of 3 contacts", {
      acknowledged: answers.length,
      slowestMs: Math.round(Math.max(...answers.map((r) => r.ms))),
    });
  });

  it("one Idempotency-Key sent to both at once creates one contact", async () => {
    const lastName = `Idempotent ${Date.now()}`;
    const headers = { "idempotency-key": `two-instances-${Date.now()}` };
    const [ra, rb] = await Promise.all(
      [a, b].map((app) => trpc(app.url, key, "contact.create", { firstName: "Once", lastName }, { headers })),
    );
    expect(ra!.status).toBe(200);
    expect(rb!.status).toBe(200);
    expect(ra!.body.result.data.id).toBe(rb!.body.result.data.id);
    const made = await conn.db.select().from(schema.contacts).where(eq(schema.contacts.lastName, lastName));
    expect(made).toHaveLength(1);
    expect([ra!.headers.get("idempotent-replayed"), rb!.headers.get("idempotent-replayed")].sort()).toEqual([
      null,
      "true",
    ]);
  });

  it("a key revoked anywhere stops working on both within a second", async () => {
    const created = await createApiKey(conn.db, workspaceId, "revoked on both");
    // Verified (and cached) by both instances.
    for (const app of [a, b]) {
      for (let i = 0; i < 2; i++)
        expect((await trpc(app.url, created.key, "contact.list", {})).status).toBe(200);
    }
    // Revoked by a third process, as `pnpm scripts api-key revoke` does.
    const revokedAt = performance.now();
    await revokeApiKey(conn.db, workspaceId, created.id);
    const delays = await Promise.all(
      [a, b].map(async (app) => {
        while (performance.now() - revokedAt < 5_000) {
          const r = await trpc(app.url, created.key, "contact.list", {});
          if (r.status === 401) return r.at - revokedAt;
          await sleep(10);
        }
        return Number.POSITIVE_INFINITY;
      }),
    );
    report("key revoked by another process", {
      msUntilRefusedOnA: Math.round(delays[0]!),
      msUntilRefusedOnB: Math.round(delays[1]!),
    });
    for (const ms of delays) expect(ms).toBeLessThan(1_000);
  });
});
