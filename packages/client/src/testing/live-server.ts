import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiRateLimiter, createApiKey } from "@contacts/api";
import {
  clientAddressOfNodeRequest,
  handleHealthRequest,
  handleRestRequest,
  handleTrpcRequest,
  nodeRequestToFetch,
  writeFetchResponse,
} from "@contacts/api/http";
import type { DbConnection } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";

export interface LiveServerOptions {
  /** A database to serve; by default one from `openTestDb()`, closed with the server. */
  conn?: DbConnection;
  /** Answers a request before the API does (to simulate a 503 or a dropped connection). */
  intercept?: (req: Request, res: ServerResponse) => Response | "drop" | "hang" | undefined;
  /** Rate limits of the API; by default the environment's (RATE_LIMIT_* variables). */
  rateLimiter?: ApiRateLimiter;
}

export interface LiveServer {
  /** `http://127.0.0.1:<port>`: the API is at `/api/trpc` and `/api/v1` (REST), health at `/api/health`. */
  url: string;
  conn: DbConnection;
  /** Requests served so far, by procedure path (what a test counts round trips with), and their status. */
  requests: { method: string; path: string; headers: Headers; status?: number }[];
  /** A new workspace and an API key for it. */
  workspaceWithKey(name?: string): Promise<{ workspaceId: string; apiKey: string; keyName: string }>;
  close(): Promise<void>;
}

/**
 * The API over real HTTP on 127.0.0.1 and a free port, as the web app serves it: a
 * `node:http` server handing fetch Requests to `handleTrpcRequest`. For tests of the client
 * and the scripts, which must see what a server on the network sees.
 */
export async function startLiveServer(options: LiveServerOptions = {}): Promise<LiveServer> {
  const conn = options.conn ?? (await openTestDb());
  const getDb = async () => conn.db;
  const requests: LiveServer["requests"] = [];
  let origin = "";
  const server = createServer(async (req, res) => {
    try {
      const gone = new AbortController();
      res.on("close", () => gone.abort());
      const request = nodeRequestToFetch(req, origin, gone.signal);
      const path = new URL(request.url).pathname;
      const served: LiveServer["requests"][number] = {
        method: request.method,
        path,
        headers: request.headers,
      };
      requests.push(served);
      const intercepted = options.intercept?.(request, res);
      if (intercepted === "drop") {
        req.socket.destroy();
        return;
      }
      if (intercepted === "hang") return;
      const response =
        intercepted ??
        (path === "/api/health"
          ? await handleHealthRequest((ms) => conn.ping(ms))
          : path.startsWith("/api/trpc/")
            ? await handleTrpcRequest(request, {
                endpoint: "/api/trpc",
                getDb,
                clientAddress: clientAddressOfNodeRequest(req),
                ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
              })
            : path.startsWith("/api/v1/")
              ? await handleRestRequest(request, {
                  getDb,
                  clientAddress: clientAddressOfNodeRequest(req),
                  ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
                })
              : new Response("Not found", { status: 404 }));
      served.status = response.status;
      await writeFetchResponse(res, response);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  // As the production server: longer than a client's idle timeout, so a client never reuses
  // a socket the server is closing at that moment (seen as "fetch failed" on a loaded machine).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    conn,
    requests,
    async workspaceWithKey(name = "Live test") {
      const ws = await createTestWorkspace(conn, name);
      const keyName = `${name} key`;
      const { key } = await createApiKey(conn.db, ws.id, keyName);
      return { workspaceId: ws.id, apiKey: key, keyName };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.conn) await conn.close();
    },
  };
}
