/**
 * `pnpm --filter @contacts/bench metrics-overhead`: what /metrics adds to each request's hot
 * path, in CPU time (docs/metrics.md): the request's observation (counter + histogram), and
 * per statement the pool counting, the kind and the statement histogram, on the statements
 * contact.update really sends (captured in-process on PGlite).
 */

import { createContact, updateContact } from "@contacts/api";
import { observeDatabase, processMetrics, recordRequest } from "@contacts/api/metrics";
import { countingPgliteActivity, createDb, migrate, newDatabaseActivity, statementKind } from "@contacts/db";
import { createTestWorkspace } from "@contacts/db/testing";

const captured: string[] = [];
let capturing = false;
const conn = await createDb({ dataDir: "memory", onQuery: (q) => capturing && captured.push(q) });
await migrate(conn);
const ws = await createTestWorkspace(conn, "overhead");
const actor = {
  workspaceId: ws.id,
  type: "api_key" as const,
  id: "k",
  name: "bench",
  scopes: "all" as const,
};
const contact = await createContact(conn.db, actor, { firstName: "Ada", email: "ada@example.com" });
capturing = true;
await updateContact(conn.db, actor, { id: contact.id, data: { lastName: `L${Date.now()}` } });
capturing = false;
observeDatabase(conn);
await conn.close();
console.log(
  `contact.update (scalar patch) sends ${captured.length} statement(s): ${captured.map(statementKind).join(", ")}`,
);

/** Nanoseconds per call of `fn`, the best of five runs of `n` calls. */
async function nsPer(n: number, fn: (i: number) => unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const r = fn(i);
      if (r instanceof Promise) await r;
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t) / n);
  }
  return best;
}

const N = 200_000;
const statuses = [200, 200, 200, 200, 400, 404, 409];
const request = await nsPer(N, (i) =>
  recordRequest(
    "trpc",
    ["contact.update"],
    statuses[i % statuses.length] as number,
    0.0005 + (i % 100) / 1e5,
  ),
);
const kinds = await nsPer(N, (i) => statementKind(captured[i % captured.length] as string));

// A statement through the counting wrapper against one that is not: a stand-in client whose
// query answers at once, so what is left is the wrapper's own cost.
const fakeClient = () =>
  ({
    query: async () => ({ rows: [] }),
    exec: async () => [],
    transaction: async (fn: (tx: unknown) => unknown) => fn({ query: async () => ({ rows: [] }) }),
  }) as unknown as Parameters<typeof countingPgliteActivity>[0];
const bare = fakeClient();
const counted = fakeClient();
const activity = newDatabaseActivity(1);
countingPgliteActivity(counted, activity);
const histogram = processMetrics().statementDuration;
activity.onStatement = (kind, seconds) => histogram.observe(kind, () => ({ kind }), seconds);
const text = captured[0] as string;
const bareNs = await nsPer(N, () => bare.query(text));
const countedNs = await nsPer(N, () => counted.query(text));
const perStatement = countedNs - bareNs;
const perRequest = request + captured.length * perStatement;

console.log(`request observation (counter + histogram, 1 procedure): ${request.toFixed(0)} ns`);
console.log(`statement kind from its text: ${kinds.toFixed(0)} ns`);
console.log(
  `statement counted and timed (wrapper + kind + histogram): ${perStatement.toFixed(0)} ns (bare ${bareNs.toFixed(0)}, counted ${countedNs.toFixed(0)})`,
);
console.log(
  `added per contact.update request: ${(perRequest / 1000).toFixed(2)} µs = ${((perRequest / 500_000) * 100).toFixed(2)} % of the ~0.5 ms CPU per request`,
);
