import { createDb, type DbConnection } from "@contacts/db";
import { createTestWorkspace, testDatabaseUrl } from "@contacts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiKey, createApiKey, revokeApiKey } from "../src/services/api-keys/api-keys";
import { watchRevokedKeys } from "../src/services/api-keys/verified-key-cache";

/**
 * Two server processes on one PostgreSQL, as two connections in one test: a key verified and
 * cached by one stops working there as soon as the other revokes it (LISTEN/NOTIFY), not
 * after the cache's ten seconds.
 */
const url = testDatabaseUrl();

describe.skipIf(!url)("on PostgreSQL: a key revoked by another process", () => {
  let server: DbConnection;
  let elsewhere: DbConnection;
  beforeAll(async () => {
    server = await createDb({ url: url!, maxConnections: 2 });
    await watchRevokedKeys(server);
    elsewhere = await createDb({ url: url!, maxConnections: 2 });
  });
  afterAll(async () => {
    await server?.close();
    await elsewhere?.close();
  });

  it("stops working in the process that cached it within a second", async () => {
    const ws = await createTestWorkspace(server);
    const created = await createApiKey(server.db, ws.id, "revoked elsewhere");
    expect(await authenticateApiKey(server.db, created.key)).toMatchObject({ id: created.id });
    // Verified once: from here on the process answers it from its cache.
    expect(await authenticateApiKey(server.db, created.key)).toMatchObject({ id: created.id });

    const revokedAt = performance.now();
    await revokeApiKey(elsewhere.db, ws.id, created.id);
    let delay = Number.POSITIVE_INFINITY;
    while (performance.now() - revokedAt < 2_000) {
      if ((await authenticateApiKey(server.db, created.key)) === null) {
        delay = performance.now() - revokedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(delay).toBeLessThan(1_000);
  });

  it("without the notification, the cache would have kept it (the test can fail)", async () => {
    const unwatched = await createDb({ url: url!, maxConnections: 1 });
    try {
      const ws = await createTestWorkspace(unwatched);
      const created = await createApiKey(unwatched.db, ws.id, "cached");
      expect(await authenticateApiKey(unwatched.db, created.key)).not.toBeNull();
      await revokeApiKey(elsewhere.db, ws.id, created.id);
      await new Promise((r) => setTimeout(r, 200));
      expect(await authenticateApiKey(unwatched.db, created.key)).not.toBeNull();
    } finally {
      await unwatched.close();
    }
  });
});
