import { timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import { processMetrics } from "./metrics-registry";

export const METRICS_PATH = "/metrics";

const BEARER = /^Bearer\s+(\S+)$/i;

/** Compares in time independent of where the strings differ (lengths compared apart). */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time the same.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}

/** The registry in Prometheus's text format. */
export async function metricsText(): Promise<{ contentType: string; text: string }> {
  const { registry } = processMetrics();
  return { contentType: registry.contentType, text: await registry.metrics() };
}

/**
 * `/metrics` on a port the public reaches (apps/web/server.ts): without a configured token it
 * does not exist (404), and it answers only a request bearing that token (401 otherwise).
 */
export async function metricsResponse(authorization: string | null | undefined, token: string | undefined) {
  if (!token) return new Response("Not Found", { status: 404 });
  const given = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (!given || !sameSecret(given, token)) {
    return new Response("Unauthorized", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { contentType, text } = await metricsText();
  return new Response(text, {
    status: 200,
    headers: { "content-type": contentType, "cache-control": "no-store" },
  });
}

/**
 * A listener of its own for Prometheus (METRICS_PORT), meant for an address only operators
 * reach (default 127.0.0.1). It serves GET /metrics alone; a token, when configured, is
 * required here too.
 */
export async function startMetricsServer(options: {
  port: number;
  host: string;
  token?: string;
}): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? "/").split("?")[0];
    const answer =
      path !== METRICS_PATH || (req.method !== "GET" && req.method !== "HEAD")
        ? Promise.resolve(new Response("Not Found", { status: 404 }))
        : options.token
          ? metricsResponse(req.headers.authorization, options.token)
          : metricsText().then(
              ({ contentType, text }) => new Response(text, { headers: { "content-type": contentType } }),
            );
    void answer.then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(req.method === "HEAD" ? undefined : await response.text());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
