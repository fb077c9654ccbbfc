import { isShuttingDown } from "../shutdown";
import { DATABASE_RETRY_AFTER_SECONDS } from "./database-error-response";

/**
 * How long the database gets to answer a health check: the answer, 200 or 503, must reach a
 * load balancer within a second even when every pooled connection waits on a lock.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 800;

const unavailable = (status: string) =>
  Response.json(
    { status },
    {
      status: 503,
      headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS), "cache-control": "no-store" },
    },
  );

/**
 * GET /api/health: 200 when the database answers `select 1` within HEALTH_CHECK_TIMEOUT_MS,
 * on a session outside the pool (`DbConnection.ping`); 503 when it does not, while the
 * server waits for the database at start, and once a graceful shutdown has begun.
 * `ping` answers false when there is no connection yet.
 */
export async function handleHealthRequest(ping: (timeoutMs: number) => Promise<boolean>): Promise<Response> {
  if (isShuttingDown()) return unavailable("stopping");
  const ok = await ping(HEALTH_CHECK_TIMEOUT_MS).catch(() => false);
  if (!ok) return unavailable("unavailable");
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
