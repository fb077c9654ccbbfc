/**
 * For working on the benchmark: starts the throwaway PostgreSQL and seeds it as `pnpm bench`
 * does, prints DATABASE_URL and the API key, and keeps it up until Ctrl-C.
 * Usage: BENCH_PG_PORT=56433 tsx update/serve-database.ts
 */
import os from "node:os";
import path from "node:path";
import { startPostgres } from "./postgres";
import { seedBenchDatabase } from "./seed";

const port = Number(process.env.BENCH_PG_PORT ?? 56433);
const pg = startPostgres(path.join(os.tmpdir(), `contacts-bench-pg-${port}`), port);
const stop = () => {
  pg.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
try {
  const seeded = await seedBenchDatabase(pg.url.replace(/\/bench$/, "/postgres"), pg.url);
  console.log(JSON.stringify({ url: pg.url, ...seeded }));
  setInterval(() => {}, 1 << 30);
} catch (err) {
  console.error(err);
  stop();
}
