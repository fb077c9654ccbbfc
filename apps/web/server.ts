/**
 * The production server (`pnpm start`): Next.js for pages and the browser's calls, and in
 * front of it, on the same port, the API for API keys, served by the same tRPC pipeline
 * without Next's route handler machinery, which cost more CPU per request than the update
 * itself (docs/performance.md). Development keeps `next dev`, where every call goes through
 * the route handler, with the same result.
 *
 * It also owns the process's life: it listens at once (503 until the database is there and
 * Next is ready), and at SIGTERM/SIGINT stops accepting, lets requests in flight finish
 * (SHUTDOWN_TIMEOUT_MS), runs the shutdown hooks, closes the database and exits 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { claimShutdown, logger, markShuttingDown, runShutdownHooks } from "@contacts/api";
import {
  clientAddressOfNodeRequest,
  handleHealthRequest,
  serveRestOverNode,
  serveTrpcOverNode,
  writeFetchResponse,
} from "@contacts/api/http";
import {
  METRICS_PATH,
  metricsResponse,
  nextRequestLabel,
  recordRequest,
  startMetricsServer,
} from "@contacts/api/metrics";
import next from "next";
import { webEnv } from "./src/env";
import { stampClientAddress, trustClientAddressHeader } from "./src/server/client-address";
import { closeDatabase, getConnection, getDb, pingDatabase } from "./src/server/db";
import { drainableServer } from "./src/server/http-drain";
import { REST_ENDPOINT, servesDirectly, TRPC_ENDPOINT } from "./src/server/serve-directly";

const dir = path.dirname(fileURLToPath(import.meta.url));

if (webEnv.NODE_ENV === "production" && !webEnv.BETTER_AUTH_SECRET) {
  logger.fatal(
    "BETTER_AUTH_SECRET is not set: a production server needs it to sign sessions (32+ random characters, e.g. `openssl rand -base64 32`)",
  );
  process.exit(1);
}

// Before anything else: the instrumentation hook must not install handlers of its own.
claimShutdown("server.ts");

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
/** Set once the database is open and Next.js is prepared. */
let handleWithNext: Handler | undefined;
let stopping = false;

// Next's route handlers and actions see no socket: they read the client's address (for rate
// limits and sign-in throttling) from a header that only this server sets.
trustClientAddressHeader();
const server = createServer((req, res) => {
  connections.track(req, res);

  const url = req.url ?? "/";
  if (url === "/api/health" || url.startsWith("/api/health?")) {
    // Here rather than in Next: it must answer while Next is still starting, and within 1 s.
    const answer = handleWithNext
      ? handleHealthRequest(pingDatabase)
      : Promise.resolve(
          Response.json({ status: "starting" }, { status: 503, headers: { "retry-after": "1" } }),
        );
    void answer.then((response) => writeFetchResponse(res, response));
    return;
  }
  if (url === METRICS_PATH || url.startsWith(`${METRICS_PATH}?`)) {
    // Operators' only: 404 unless METRICS_TOKEN is set, then only with it (docs/metrics.md).
    req.resume();
    void metricsResponse(req.headers.authorization, webEnv.METRICS_TOKEN).then((response) =>
      writeFetchResponse(res, response),
    );
    return;
  }
  const direct = servesDirectly(req);
  if (direct) {
    const served =
      direct === "trpc"
        ? serveTrpcOverNode(req, res, { endpoint: TRPC_ENDPOINT, getDb })
        : serveRestOverNode(req, res, { getDb });
    served.catch((err: unknown) => {
      // Only a broken connection gets here (the pipeline answers every error it meets).
      logger.warn({ err }, "request aborted");
      if (!res.headersSent) res.writeHead(500, { connection: "close" });
      res.end();
    });
    return;
  }
  if (!handleWithNext) {
    req.resume();
    void writeFetchResponse(
      res,
      Response.json({ status: "starting" }, { status: 503, headers: { "retry-after": "1" } }),
    );
    return;
  }
  stampClientAddress(req, clientAddressOfNodeRequest(req));
  countNextRequest(req, res);
  void handleWithNext(req, res);
});
/**
 * Pages, assets and Next's own routes, as `transport="next"`. The API's routes are counted by
 * the pipeline inside Next's bundle (same registry), so they are left out here.
 */
function countNextRequest(req: IncomingMessage, res: ServerResponse) {
  const pathname = (req.url ?? "/").split("?")[0] as string;
  if (pathname.startsWith(`${TRPC_ENDPOINT}/`) || pathname.startsWith(`${REST_ENDPOINT}/`)) return;
  const started = performance.now();
  res.once("finish", () =>
    recordRequest("next", [nextRequestLabel(pathname)], res.statusCode, (performance.now() - started) / 1000),
  );
}

// Longer than the usual proxy's idle timeout, so a proxy never reuses a closed connection.
server.keepAliveTimeout = 65_000;
const connections = drainableServer(server);

async function shutdown(signal: NodeJS.Signals) {
  if (stopping) {
    // A second Ctrl-C means "now".
    if (signal === "SIGINT") process.exit(1);
    return;
  }
  stopping = true;
  markShuttingDown();
  logger.info({ signal, inFlight: connections.inFlight }, "shutting down: finishing requests in flight");
  const started = Date.now();
  const result = await connections.drain(webEnv.SHUTDOWN_TIMEOUT_MS);
  if (!result.drained) {
    logger.warn(
      { unfinished: result.unfinished, timeoutMs: webEnv.SHUTDOWN_TIMEOUT_MS },
      "shutdown timeout: closed the connections still open",
    );
  }
  await runShutdownHooks();
  // What was cut off has no one to answer to: its statements are ended at once.
  await closeDatabase({ graceMs: result.drained ? 5_000 : 0 }).catch((err: unknown) =>
    logger.error({ err }, "closing the database failed"),
  );
  logger.info({ ...result, ms: Date.now() - started }, "stopped");
  process.exit(0);
}
process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));

await new Promise<void>((resolve) => server.listen(webEnv.PORT, webEnv.HOST, resolve));
if (webEnv.METRICS_PORT !== undefined) {
  const metrics = await startMetricsServer({
    port: webEnv.METRICS_PORT,
    host: webEnv.METRICS_HOST,
    ...(webEnv.METRICS_TOKEN ? { token: webEnv.METRICS_TOKEN } : {}),
  });
  // Not a reason to stay alive at shutdown.
  metrics.unref();
  logger.info({ port: webEnv.METRICS_PORT, host: webEnv.METRICS_HOST }, "metrics listening");
}
logger.info({ port: webEnv.PORT, host: webEnv.HOST ?? "all interfaces" }, "listening; starting");

try {
  // Opened here first (waiting while the database is down): Next's bundled code finds the same
  // connection on globalThis (db.ts).
  await getConnection();
  const app = next({ dev: false, dir, port: webEnv.PORT, hostname: webEnv.HOST });
  const handle = app.getRequestHandler();
  await app.prepare();
  if (!stopping) handleWithNext = handle;
  logger.info({ port: webEnv.PORT, host: webEnv.HOST ?? "all interfaces" }, "server ready");
} catch (err) {
  if (!stopping) {
    logger.fatal({ err }, "server failed to start");
    process.exit(1);
  }
}
