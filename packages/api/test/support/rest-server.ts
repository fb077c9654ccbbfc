import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DbConnection } from "@contacts/db";
import { createTestWorkspace } from "@contacts/db/testing";
import {
  type ApiHttpOptions,
  handleRestRequest,
  nodeRequestToFetch,
  serveRestOverNode,
} from "../../src/http";
import { createApiKey } from "../../src/services/api-keys/api-keys";

/** The two ways the REST API is served: Next's route handler (fetch) and server.ts (node:http). */
export type WayIn = "fetch handler" | "node:http server";

export interface RestServer {
  url: string;
  /** Options of the requests that follow (a test's own limiter, a failing database). */
  options: Partial<ApiHttpOptions>;
  workspaceWithKey(name?: string): Promise<{ workspaceId: string; apiKey: string }>;
  close(): Promise<void>;
}

/** /api/v1 over real HTTP on 127.0.0.1, through one way in, on the test's database. */
export async function startRestServer(conn: DbConnection, wayIn: WayIn): Promise<RestServer> {
  let origin = "";
  const handle: RestServer = {
    url: "",
    options: {},
    async workspaceWithKey(name = "REST") {
      const ws = await createTestWorkspace(conn, name);
      const { key } = await createApiKey(conn.db, ws.id, `${name} key`);
      return { workspaceId: ws.id, apiKey: key };
    },
    close: async () => {},
  };
  const options = (): ApiHttpOptions => ({ getDb: async () => conn.db, ...handle.options });
  const server: Server = createServer((req, res) => {
    if (wayIn === "node:http server") {
      serveRestOverNode(req, res, options()).catch(() => res.destroy());
      return;
    }
    handleRestRequest(nodeRequestToFetch(req, origin), options())
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => res.destroy());
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handle.url = origin;
  handle.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return handle;
}
