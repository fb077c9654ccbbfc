import type { DbConnection } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import type { Actor } from "../../src/actor";
import { createCaller } from "../../src/root";
import { createContextInner } from "../../src/trpc";

/**
 * One database per test file (PGlite template, or the TEST_DATABASE_URL server) and a fresh
 * workspace per test, so tests never see each other's rows.
 */
export async function openHarness() {
  const conn: DbConnection = await openTestDb();
  return {
    conn,
    db: conn.db,
    /** A new workspace and a caller acting in it as an API key. */
    async workspace(name = "Acme IR") {
      const ws = await createTestWorkspace(conn, name);
      const actor: Actor = { workspaceId: ws.id, type: "api_key", id: `key-${ws.id}`, name: "test key" };
      const caller = createCaller(createContextInner({ db: conn.db, actor }));
      return { ws, actor, caller };
    },
    close: () => conn.close(),
  };
}
export type Harness = Awaited<ReturnType<typeof openHarness>>;
