/**
 * contact.list's sorts and contact.count on 100,000 contacts (the seed of bench/update/seed.ts):
 * the median of 5 runs of each, through the product's services on PostgreSQL. Writes nothing
 * but the throwaway database. BENCH_ADMIN_URL: a server to create the database `bench` on.
 *   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm list-views
 */
import { countContacts, listContacts } from "@contacts/api";
import { CountContactsInput, ListContactsInput, type ListContactsInputRaw } from "@contacts/contracts";
import { createDb } from "@contacts/db";
import { seedBenchDatabase } from "./update/seed";

const adminUrl = process.env.BENCH_ADMIN_URL;
if (!adminUrl)
  throw new Error("set BENCH_ADMIN_URL (a PostgreSQL server where a database `bench` can be made)");
const url = adminUrl.replace(/\/[^/]*$/, "/bench");
const seeded = await seedBenchDatabase(adminUrl, url);
const conn = await createDb({ url, maxConnections: 2 });
const actor = {
  workspaceId: seeded.workspaceId,
  type: "script" as const,
  id: "bench",
  name: "bench",
  scopes: "all" as const,
};

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2] ?? Number.NaN;
}

const lists: [string, ListContactsInputRaw][] = [
  ["newest first", {}],
  ["name A–Z", { sort: "name" }],
  ["company A–Z", { sort: "company" }],
  ["updated, newest", { sort: "updated" }],
  ["search 'anna'", { search: "anna" }],
  ["search 'anna', name A–Z", { search: "anna", sort: "name" }],
  ["search '0701' (phone)", { search: "0701" }],
  ["search 'company 42' (company)", { search: "company 42" }],
  ["tag prefix 'es'", { tags: ["es"] }],
];
console.log("| what | list (first page of 50) | count |\n| --- | --- | --- |");
for (const [label, input] of lists) {
  const list = await median(() => listContacts(conn.db, actor, ListContactsInput.parse(input)));
  const { sort: _s, ...filters } = input;
  const countInput = CountContactsInput.parse(filters);
  const count = await median(() => countContacts(conn.db, actor, countInput));
  const total = await countContacts(conn.db, actor, countInput);
  console.log(
    `| ${label} | ${list.toFixed(1)} ms | ${count.toFixed(1)} ms (${total.total}${total.capped ? "+" : ""}) |`,
  );
}
await conn.close();
