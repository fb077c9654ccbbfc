/**
 * The production server (`pnpm start`): Next.js for pages and the browser's calls, and in
 * front of it, on the same port, the API for API keys, served by the same tRPC pipeline
 * without Next's route handler machinery, which cost more CPU per request than the update
 * itself (docs/performance.md). Development keeps `next dev`, where every call goes through
 * the route handler, with the same result.
 */
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { logger } from "@contacts/api";
import { clientAddressOfNodeRequest, serveTrpcOverNode } from "@contacts/api/http";
import next from "next";
import { webEnv } from "./src/env";
import { stampClientAddress, trustClientAddressHeader } from "./src/server/client-address";
import { getConnection, getDb } from "./src/server/db";
import { servesDirectly, TRPC_ENDPOINT } from "./src/server/serve-directly";

const dir = path.dirname(fileURLToPath(import.meta.url));

if (webEnv.NODE_ENV === "production" && !webEnv.BETTER_AUTH_SECRET) {
  logger.fatal(
    "BETTER_AUTH_SECRET is not set: a production server needs it to sign sessions (32+ random characters, e.g. `openssl rand -base64 32`)",
  );
  process.exit(1);
}

// Opened here first: Next's bundled code finds the same connection on globalThis (db.ts).
await getConnection();
const app = next({ dev: false, dir, port: webEnv.PORT, hostname: webEnv.HOST });
const handleWithNext = app.getRequestHandler();
await app.prepare();

// Next's route handlers and actions see no socket: they read the client's address (for rate
// limits and sign-in throttling) from a header that only this server sets.
trustClientAddressHeader();
const server = createServer((req, res) => {
  if (!servesDirectly(req)) {
    stampClientAddress(req, clientAddressOfNodeRequest(req));
    void handleWithNext(req, res);
    return;
  }
  serveTrpcOverNode(req, res, { endpoint: TRPC_ENDPOINT, getDb }).catch((err: unknown) => {
    // Only a broken connection gets here (the pipeline answers every error it meets).
    logger.warn({ err }, "request aborted");
    if (!res.headersSent) res.writeHead(500, { connection: "close" });
    res.end();
  });
});
// Longer than the usual proxy's idle timeout, so a proxy never reuses a closed connection.
server.keepAliveTimeout = 65_000;
server.listen(webEnv.PORT, webEnv.HOST, () => {
  logger.info({ port: webEnv.PORT, host: webEnv.HOST ?? "all interfaces" }, "server ready");
});
