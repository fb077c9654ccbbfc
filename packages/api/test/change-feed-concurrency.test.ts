import type { ChangeEntry } from "@contacts/contracts";
import { queryRows, writeContactUpdate } from "@contacts/db";
import { testDatabaseUrl } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { createCaller } from "../src/root";
import { createContextInner } from "../src/trpc";
import { useHarness } from "./support/harness";
import { openSecondInstance } from "./support/second-instance";

/**
 * The change feed under real concurrency (docs/decisions.md, "The change feed"): only a
 * PostgreSQL server has parallel sessions, so these run with TEST_DATABASE_URL.
 */
describe.skipIf(!testDatabaseUrl())("contact.changes with concurrent writers (PostgreSQL)", () => {
  const h = useHarness({ maxConnections: 24 });

  it("a transaction that commits late is still seen, after the changes that committed before it", async () => {
    const { caller, ws, actor } = await h.workspace();
    const late = await caller.contact.create({ firstName: "Late" });
    const early = await caller.contact.create({ firstName: "Early" });
    const start = (await caller.contact.changes({})).cursor;

    let commit!: () => void;
    const held = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    // Writes its history entry first (it would have the earlier position if positions were
    // taken when written), then stays uncommitted while another write commits.
    const lateTx = h.db.transaction(async (tx) => {
      await writeContactUpdate(tx, {
        workspaceId: ws.id,
        contactId: late.id,
        readVersion: 1,
        fields: { lastName: "Committer" },
        history: {
          actorType: actor.type,
          actorId: actor.id,
          actorName: actor.name,
          changes: { lastName: { from: null, to: "Committer" } },
        },
      });
      written();
      await held;
    });
    await wrote;
    await caller.contact.update({ id: early.id, data: { lastName: "Bird" } });

    const before = await caller.contact.changes({ after: start });
    expect(before.items.map((c) => c.contactId)).toEqual([early.id]);

    commit();
    await lateTx;
    const after = await caller.contact.changes({ after: before.cursor });
    expect(after.items.map((c) => [c.contactId, c.version])).toEqual([[late.id, 2]]);
    expect(Number(after.items[0]?.cursor)).toBeGreaterThan(Number(before.cursor));
  });

  it("pollers on two instances see every change of 16 writers exactly once, each contact's in version order", async () => {
    const { ws, caller } = await h.workspace();
    const second = await openSecondInstance(h.conn);
    try {
      const actor2: Actor = {
        workspaceId: ws.id,
        type: "api_key",
        id: "key-2",
        name: "second instance",
        scopes: "all",
      };
      const callers = [caller, createCaller(createContextInner({ db: second.db, actor: actor2 }))];
      const contacts: { id: string }[] = [];
      for (let i = 0; i < 8; i++) contacts.push(await caller.contact.create({ firstName: `C${i}` }));

      let writing = true;
      const poll = async (poller: (typeof callers)[number]) => {
        const seen: ChangeEntry[] = [];
        let cursor: string | undefined;
        for (;;) {
          const done = !writing;
          const page = await poller.contact.changes({ after: cursor, limit: 13 });
          seen.push(...page.items);
          cursor = page.cursor;
          if (done && !page.hasMore) return seen;
        }
      };
      const pollers = [poll(callers[0]!), poll(callers[1]!)];
      const writers = Array.from({ length: 16 }, async (_, w) => {
        const writer = callers[w % 2]!;
        for (let n = 0; n < 15; n++) {
          const contact = contacts[(w + n) % contacts.length]!;
          await writer.contact
            .update({ id: contact.id, data: { strategy: `w${w} n${n}` } })
            .catch((err: unknown) => {
              // Same-contact races may answer a 409 after retries; never anything else.
              if ((err as { code?: string }).code !== "CONFLICT") throw err;
            });
        }
      });
      await Promise.all(writers);
      writing = false;
      const [a, b] = await Promise.all(pollers);

      const rows = await queryRows<{ id: string }>(
        h.db,
        sql`select id from contact_history where workspace_id = ${ws.id}`,
      );
      for (const seen of [a!, b!]) {
        const ids = seen.map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length); // exactly once
        expect(ids.sort()).toEqual(rows.map((r) => r.id).sort()); // every change
        const positions = seen.map((c) => Number(c.cursor));
        expect(positions).toEqual(positions.map((_, i) => i + 1)); // gapless, in order
        const versions = new Map<string, number>();
        for (const change of seen) {
          expect(change.version).toBe((versions.get(change.contactId) ?? 0) + 1);
          versions.set(change.contactId, change.version);
        }
      }
      expect(a!.length).toBeGreaterThan(8 + 16 * 10);
    } finally {
      await second.close();
    }
  }, 120_000);
});
