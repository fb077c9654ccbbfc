/**
 * Webhooks on an otherwise idle server: latency from a change's commit to its receipt by a
 * local receiver (p50/p95), and contact.update throughput with 0 and with 3 endpoints.
 * The dispatcher runs in the server process, as `pnpm start` runs it.
 *   pnpm bench:webhooks                 (throwaway PostgreSQL 15 when installed, else PGlite)
 *   BENCH_DB=pglite BENCH_SECONDS=5 pnpm bench:webhooks
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseReceiverPolicy, WebhookDispatcher } from "@contacts/api";
import { createContactsClient } from "@contacts/client";
import { startLiveServer } from "@contacts/client/testing";
import { fmt, openBenchDatabase } from "./bench-database";

const SAMPLES = Number(process.env.BENCH_N ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

/** A receiver that answers 204 at once and notes when each change arrived. */
async function startReceiver() {
  const arrivals: { at: number; commitAt: number; id: string }[] = [];
  const waiting = new Map<string, () => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const now = Date.now();
      res.writeHead(204).end();
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        data: { at: string; contactId: string; version: number };
      };
      const key = `${body.data.contactId}:${body.data.version}`;
      arrivals.push({ at: now, commitAt: Date.parse(body.data.at), id: key });
      waiting.get(key)?.();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}/${path}`,
    arrivals,
    arrival: (key: string) => new Promise<void>((resolve) => waiting.set(key, resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

const db = await openBenchDatabase();
const server = await startLiveServer({ conn: db.conn });
const dispatcher = new WebhookDispatcher(db.conn.db, { policy: parseReceiverPolicy(false, "127.0.0.1") });
const receiver = await startReceiver();
try {
  const { apiKey } = await server.workspaceWithKey("bench");
  const client = createContactsClient({ url: server.url, apiKey });
  const contacts = await Promise.all(
    Array.from({ length: 50 }, (_, i) => client.contact.create.mutate({ firstName: `Bench ${i}` })),
  );

  /** contact.update calls per second from CONCURRENCY callers for SECONDS. */
  async function updateRate(label: string) {
    let done = 0;
    let n = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        while (performance.now() < until) {
          const contact = contacts[(w + CONCURRENCY * n++) % contacts.length];
          if (!contact) continue;
          await client.contact.update.mutate({ id: contact.id, data: { strategy: `s${n}` } });
          done++;
        }
      }),
    );
    const rate = done / SECONDS;
    console.log(`contact.update, ${label}: ${fmt(rate)} req/s (${CONCURRENCY} callers, ${SECONDS} s)`);
    return rate;
  }

  await updateRate("warm-up, no endpoints");
  dispatcher.start();
  const none = await updateRate("0 endpoints");

  // Latency on an idle server: one change at a time, each waited for.
  await client.webhook.create.mutate({ url: receiver.url("latency"), events: ["contact.updated"] });
  const latencies: number[] = [];
  const target = contacts[0];
  if (!target) throw new Error("no contact");
  for (let i = 0; i < SAMPLES; i++) {
    const updated = await client.contact.update.mutate({ id: target.id, data: { lastName: `L${i}` } });
    const key = `${target.id}:${updated.version}`;
    const seen = receiver.arrivals.find((a) => a.id === key);
    if (!seen) await receiver.arrival(key);
    const arrival = receiver.arrivals.find((a) => a.id === key);
    if (arrival) latencies.push(arrival.at - arrival.commitAt);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.log(
    `commit → receipt, idle server, ${SAMPLES} changes: p50 ${fmt(quantile(latencies, 0.5), 1)} ms, p95 ${fmt(quantile(latencies, 0.95), 1)} ms, max ${fmt(Math.max(...latencies), 1)} ms`,
  );

  await client.webhook.create.mutate({ url: receiver.url("b"), events: ["contact.updated"] });
  await client.webhook.create.mutate({ url: receiver.url("c"), events: ["contact.updated"] });
  const before = receiver.arrivals.length;
  const three = await updateRate("3 endpoints");
  const sentDuring = receiver.arrivals.length - before;
  const started = performance.now();
  const expected = before + Math.round(three * SECONDS) * 3;
  while (receiver.arrivals.length < expected && performance.now() - started < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(
    `3 endpoints: ${fmt(three / none, 2)}× the rate without; ${sentDuring} deliveries during the run, all ${receiver.arrivals.length - before} received ${fmt(performance.now() - started)} ms after it`,
  );
} finally {
  await dispatcher.stop();
  await receiver.close();
  await server.close();
  await db.stop();
}
