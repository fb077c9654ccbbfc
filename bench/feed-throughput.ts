/**
 * The change feed's read rate: N changes written (straight into the tables, as N creations
 * with their history entries, not yet numbered), then numbered by the first read, then read
 * whole through the typed client over real HTTP, 1000 at a time, with contact.changes and
 * with contact.changedContacts.
 *   pnpm bench:feed                (throwaway PostgreSQL 15 when installed, else PGlite)
 *   BENCH_DB=pglite BENCH_N=20000 pnpm bench:feed
 */
import { createContactsClient } from "@contacts/client";
import { startLiveServer } from "@contacts/client/testing";
import { sequenceChanges } from "@contacts/db";
import { sql } from "drizzle-orm";
import { fmt, ms, openBenchDatabase } from "./bench-database";

const N = Number(process.env.BENCH_N ?? 50_000);

const db = await openBenchDatabase();
const server = await startLiveServer({ conn: db.conn });
try {
  const { apiKey, workspaceId: ws } = await server.workspaceWithKey("bench");
  const client = createContactsClient({ url: server.url, apiKey });
  await db.conn.db.execute(sql`
    insert into contacts (workspace_id, id, first_name, last_name, email, tags, tag_keys)
    select ${ws}, gen_random_uuid()::text, 'First' || i, 'Last' || i, 'p' || i || '@example.com', '{LP}', '{lp}'
      from generate_series(1, ${N}) i`);
  await db.conn.db.execute(sql`
    insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes)
    select c.workspace_id, gen_random_uuid()::text, c.id, 1, 'contact.created', c.updated_at, 'script', 'bench', 'bench',
           jsonb_build_object('firstName', jsonb_build_object('from', null, 'to', c.first_name),
                              'lastName', jsonb_build_object('from', null, 'to', c.last_name),
                              'email', jsonb_build_object('from', null, 'to', c.email),
                              'tags', jsonb_build_object('from', '[]'::jsonb, 'to', to_jsonb(c.tags)))
      from contacts c where c.workspace_id = ${ws}`);

  let start = performance.now();
  await sequenceChanges(db.conn.db, ws);
  const sequencing = ms(start);

  const drain = async (
    read: (after: string) => Promise<{ items: unknown[]; cursor: string; hasMore: boolean }>,
  ) => {
    let after = "0";
    let count = 0;
    const begin = performance.now();
    for (;;) {
      const page = await read(after);
      count += page.items.length;
      after = page.cursor;
      if (!page.hasMore) break;
    }
    if (count !== N) throw new Error(`read ${count} of ${N}`);
    return ms(begin);
  };
  const changes = await drain((after) => client.contact.changes.query({ after, limit: 1000 }));
  const contacts = await drain((after) => client.contact.changedContacts.query({ after, limit: 1000 }));

  // The cost of a read when nothing is new: what an idle poller costs.
  start = performance.now();
  const polls = 500;
  const head = String(N);
  for (let i = 0; i < polls; i++) await client.contact.changes.query({ after: head });
  const idlePoll = ms(start) / polls;

  console.log(`database: ${db.kind}; ${fmt(N)} changes (creations with 4 fields each)`);
  console.log(
    `numbering after commit:         ${fmt(sequencing)} ms  (${fmt((N / sequencing) * 1000)} changes/s)`,
  );
  console.log(
    `contact.changes, 1000 a page:   ${fmt(changes)} ms  (${fmt((N / changes) * 1000)} changes/s read)`,
  );
  console.log(
    `contact.changedContacts, 1000:  ${fmt(contacts)} ms  (${fmt((N / contacts) * 1000)} contacts/s read)`,
  );
  console.log(`an idle poll (nothing new):     ${fmt(idlePoll, 2)} ms`);
} finally {
  await server.close();
  await db.stop();
}
