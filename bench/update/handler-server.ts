/**
 * The product without Next.js: the same `handleTrpcRequest` (auth, tRPC, zod, services,
 * drizzle, the request log) behind a bare node:http server. Beside `pnpm start`, it shows
 * what the framework in front costs per request.
 *
 * Usage: DATABASE_URL=… PORT=… tsx handler-server.ts
 */
import { createServer } from "node:http";
import { handleTrpcRequest } from "@contacts/api/http";
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

const server = createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const response = await handleTrpcRequest(
      new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
      }),
      { endpoint: "/api/trpc", getDb: async () => conn.db },
    );
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  } catch (err) {
    console.error(err);
    res.writeHead(500).end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("handler server ready"));
const stop = () => {
  server.closeAllConnections();
  server.close(() => conn.close().then(() => process.exit(0)));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
