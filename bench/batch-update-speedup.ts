/**
 * contact.batchUpdate against the same updates sent one call at a time, both through the
 * typed client over real HTTP (node:http + handleTrpcRequest), on the same database.
 *   pnpm bench:batch-update            (throwaway PostgreSQL 15 when installed, else PGlite)
 *   BENCH_DB=pglite pnpm bench:batch-update
 */
import { createContactsClient } from "@contacts/client";
import { startLiveServer } from "@contacts/client/testing";
import { fmt, ms, openBenchDatabase } from "./bench-database";

const N = Number(process.env.BENCH_N ?? 500);

const db = await openBenchDatabase();
const server = await startLiveServer({ conn: db.conn });
try {
  const { apiKey } = await server.workspaceWithKey("bench");
  const client = createContactsClient({ url: server.url, apiKey, maxBatchSize: 100 });
  const ids: string[] = [];
  for (let i = 0; i < N; i += 100) {
    const made = await Promise.all(
      Array.from({ length: Math.min(100, N - i) }, (_, j) =>
        client.contact.create.mutate({ firstName: `Bench ${i + j}`, tags: ["seed"] }),
      ),
    );
    ids.push(...made.map((c) => c.id));
  }
  const round = (r: number) => (id: string, i: number) => ({
    id,
    data: { strategy: `round ${r} #${i}`, tags: ["seed", `r${r}`] },
  });

  // Three rounds, alternating, so a burst of load elsewhere on the machine hits all three
  // ways alike; the median of each is reported.
  const times = { oneByOne: [] as number[], batch: [] as number[], atomic: [] as number[] };
  let batched = { results: [] as { ok: boolean }[] };
  for (let r = 0; r < 3; r++) {
    let start = performance.now();
    for (const [i, id] of ids.entries()) await client.contact.update.mutate(round(3 * r + 1)(id, i));
    times.oneByOne.push(ms(start));
    start = performance.now();
    batched = await client.contact.batchUpdate.mutate({ items: ids.map(round(3 * r + 2)) });
    times.batch.push(ms(start));
    start = performance.now();
    await client.contact.batchUpdate.mutate({ items: ids.map(round(3 * r + 3)), atomic: true });
    times.atomic.push(ms(start));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
  const oneByOne = median(times.oneByOne);
  const batch = median(times.batch);
  const atomic = median(times.atomic);
  if (!batched.results.every((r) => r.ok)) throw new Error("a batch item failed");
  console.log(
    `database: ${db.kind}; ${N} contacts, each update changes strategy and tags; median of 3 rounds`,
  );
  console.log(`one call at a time:      ${fmt(oneByOne)} ms  (${fmt((N / oneByOne) * 1000)} updates/s)`);
  console.log(
    `batchUpdate:             ${fmt(batch)} ms  (${fmt((N / batch) * 1000)} updates/s)  speed-up ×${fmt(oneByOne / batch, 1)}`,
  );
  console.log(
    `batchUpdate atomic:      ${fmt(atomic)} ms  (${fmt((N / atomic) * 1000)} updates/s)  speed-up ×${fmt(oneByOne / atomic, 1)}`,
  );
} finally {
  await server.close();
  await db.stop();
}
