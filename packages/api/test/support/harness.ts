import type { DbConnection } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { afterAll, beforeAll } from "vitest";
import type { Actor } from "../../src/actor";
import { createCaller } from "../../src/root";
import { createContextInner } from "../../src/trpc";

export interface HarnessOptions {
  /** Connections of the pool on PostgreSQL (one per concurrent writer in race tests). */
  maxConnections?: number;
  /** Sees every statement drizzle sends (round-trip counts). */
  onQuery?: (query: string) => void;
}

/**
 * One database per test file (PGlite template, or the TEST_DATABASE_URL server) and a fresh
 * workspace per test, so tests never see each other's rows.
 */
export async function openHarness(options: HarnessOptions = {}) {
  const conn: DbConnection = await openTestDb(options);
  return {
    conn,
    db: conn.db,
    /** A new workspace and a caller acting in it as an API key. */
    async workspace(name = "Acme IR") {
      const ws = await createTestWorkspace(conn, name);
      const actor: Actor = {
        workspaceId: ws.id,
        type: "api_key",
        id: `key-${ws.id}`,
        name: "test key",
        scopes: "all",
      };
      const caller = createCaller(createContextInner({ db: conn.db, actor }));
      return { ws, actor, caller };
    },
    close: () => conn.close(),
  };
}
export type Harness = Awaited<ReturnType<typeof openHarness>>;

/**
 * The harness of a test file (or a describe block): opened before its tests, closed after
 * them. Use it only inside tests and hooks, once it is open.
 */
export function useHarness(options: HarnessOptions = {}): Harness {
  let opened: Harness | undefined;
  beforeAll(async () => {
    opened = await openHarness(options);
  });
  afterAll(() => opened?.close());
  const current = (): Harness => {
    if (!opened) throw new Error("The test harness is used before its beforeAll opened it");
    return opened;
  };
  return {
    get conn() {
      return current().conn;
    },
    get db() {
      return current().db;
    },
    workspace: (name) => current().workspace(name),
    close: () => current().close(),
  };
}
