/**
 * The product's API pipeline alone: the `serveTrpcOverNode` that `pnpm start` answers API keys
 * with (auth, tRPC, zod, services, drizzle, the request log) behind a bare node:http server,
 * without Next.js loaded in the process. Beside `pnpm start`, it shows what sharing the
 * process with the web app costs per request.
 *
 * Usage: DATABASE_URL=… PORT=… tsx handler-server.ts
 */
import { createServer } from "node:http";
import { serveTrpcOverNode } from "@contacts/api/http";
import { createDb, type Database, schema } from "@contacts/db";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

const url = process.env.DATABASE_URL!;
// BENCH_UNPREPARED=1: drizzle on a plain postgres.js client, as createDb was before it
// prepared statements, to measure what preparing buys.
const conn =
  process.env.BENCH_UNPREPARED === "1"
    ? (() => {
        const client = postgres(url, { max: 10, onnotice: () => {} });
        return { db: drizzle(client, { schema }) as unknown as Database, close: () => client.end() };
      })()
    : await createDb({ url, maxConnections: 10 });

const server = createServer((req, res) => {
  serveTrpcOverNode(req, res, { endpoint: "/api/trpc", getDb: async () => conn.db }).catch((err) => {
    console.error(err);
    res.destroy();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("handler server ready"));
const stop = () => {
  server.closeAllConnections();
  server.close(() => conn.close().then(() => process.exit(0)));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
