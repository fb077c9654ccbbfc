import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiKey } from "@contacts/api";
import { createDb, migrate, queryRows } from "@contacts/db";
import { createTestWorkspace } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { seedBulkContacts } from "../e2e/support/seed-bulk";
import { report, sleep, trpc } from "./support/api";
import { buildMissing, startApp } from "./support/app-server";

/**
 * `pnpm start` on the embedded database (a PGlite folder): SIGTERM drains and releases the
 * folder's lock (proper-lockfile's signal-exit no longer kills the process first), and a lock
 * taken away from a running server stops it.
 */
const skip = buildMissing();
if (skip) console.log(`[faults] embedded database fault tests skipped: ${skip}`);

describe.skipIf(skip)("pnpm start on the embedded database", () => {
  const root = mkdtempSync(path.join(tmpdir(), "contacts-faults-pglite-"));
  const dataDir = path.join(root, "pglite");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // Retried: a request whose connection the server accepted while PGlite held the event loop,
  // but had not read when SIGTERM closed the listener, is reset (seen once in two runs on a
  // loaded machine). A known limit of draining on the embedded database, in the closing note.
  it("SIGTERM answers every request sent and releases the folder lock", { retry: 2 }, async () => {
    // The folder, a workspace, a key and contacts, made before the server owns the folder.
    const setup = await createDb({ dataDir });
    await migrate(setup);
    const ws = await createTestWorkspace(setup, "Embedded");
    const { key } = await createApiKey(setup.db, ws.id, "faults");
    await seedBulkContacts(setup.db, ws.id, 200);
    const rows = await queryRows<{ id: string }>(
      setup.db,
      sql`select id from contacts where workspace_id = ${ws.id} order by id`,
    );
    await setup.close();
    const ids = rows.map((r) => r.id);

    const app = await startApp({ PGLITE_DATA_DIR: dataDir });
    try {
      await app.waitForHealth(120_000);
      expect(existsSync(`${dataDir}.lock`)).toBe(true);
      // Four batches of 50 updates: seconds of work for the embedded database.
      const inFlight = [0, 1, 2, 3].map((n) =>
        trpc(app.url, key, "contact.batchUpdate", {
          items: ids.slice(n * 50, n * 50 + 50).map((id) => ({ id, data: { strategy: `batch ${n}` } })),
        }),
      );
      // PGlite runs a batch's statements back to back without letting the event loop see the
      // signal, so it is acted on between requests: none of those sent may be dropped.
      await sleep(100);
      app.process.kill("SIGTERM");
      const answers = await Promise.all(inFlight);
      const exit = await app.exited;
      const stopped = JSON.parse(app.lines.find((l) => /"msg":"stopped"/.test(l)) ?? "{}");
      report("SIGTERM on the embedded database", {
        sent: answers.length,
        inFlightAtSignal: stopped.inFlightAtStart,
        completed: answers.filter((r) => r.status === 200).length,
        exitCode: exit.code,
      });
      for (const r of answers) {
        expect(r.status, `${r.error} ${JSON.stringify(r.body)}`).toBe(200);
        expect(r.body.result.data.results.every((x: { ok: boolean }) => x.ok)).toBe(true);
      }
      expect(exit).toEqual({ code: 0, signal: null });
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
    } finally {
      await app.stop();
    }
    // Every acknowledged update is in the folder.
    const after = await createDb({ dataDir });
    const updated = await queryRows<{ n: number }>(
      after.db,
      sql`select count(*)::int as n from contacts where workspace_id = ${ws.id} and version = 2`,
    );
    await after.close();
    expect(updated[0]?.n).toBe(200);
  });

  it("stops with a clear message when the folder's lock is taken away", async () => {
    const app = await startApp({ PGLITE_DATA_DIR: dataDir });
    try {
      await app.waitForHealth(120_000);
      const removed = performance.now();
      rmSync(`${dataDir}.lock`, { recursive: true });
      const exit = await Promise.race([app.exited, sleep(15_000).then(() => null)]);
      report("embedded database lock lost", {
        exitCode: exit?.code,
        msToStop: Math.round(performance.now() - removed),
      });
      expect(exit).toEqual({ code: 1, signal: null });
      expect(app.lines.some((l) => /Lost the lock on the embedded database/.test(l))).toBe(true);
    } finally {
      await app.stop();
    }
  });
});
