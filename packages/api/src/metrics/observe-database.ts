import { type DbConnection, type WebhookBacklog, webhookBacklog } from "@contacts/db";
import { logger } from "../logger";
import { processMetrics } from "./metrics-registry";

/** A scrape storm reads the backlog at most once per this many milliseconds. */
export const WEBHOOK_BACKLOG_CACHE_MS = 5_000;
/**
 * A scrape waits this long for the backlog, then answers with the last value: a database
 * that is slow, down, or (embedded) busy with a long transaction must not hang /metrics.
 */
const BACKLOG_READ_WAIT_MS = 1_000;

/**
 * Points the process's metrics at its database: statement durations from now on, pool gauges
 * and the webhook backlog at each scrape. A process has one database; a second call (a test
 * opening another) takes over.
 */
export function observeDatabase(conn: DbConnection, options: { backlogCacheMs?: number } = {}): void {
  const metrics = processMetrics();
  const statements = metrics.statementDuration;
  conn.activity.onStatement = (kind, seconds) => statements.observe(kind, () => ({ kind }), seconds);
  metrics.sources.activity = conn.activity;
  metrics.sources.webhookBacklog = cachedBacklog(conn, options.backlogCacheMs ?? WEBHOOK_BACKLOG_CACHE_MS);
}

function cachedBacklog(conn: DbConnection, maxAgeMs: number) {
  let last: { at: number; value: WebhookBacklog } | undefined;
  let reading: Promise<WebhookBacklog | undefined> | undefined;
  return (): Promise<WebhookBacklog | undefined> => {
    if (last && performance.now() - last.at < maxAgeMs) return Promise.resolve(last.value);
    // Concurrent scrapes share one read.
    reading ??= webhookBacklog(conn.db)
      .then((value) => {
        last = { at: performance.now(), value };
        return value;
      })
      .catch((err: unknown) => {
        // The gauges keep their last value; the scrape still answers.
        logger.warn({ err }, "metrics: reading the webhook backlog failed");
        return last?.value;
      })
      .finally(() => {
        reading = undefined;
      });
    return withinWait(reading, () => last?.value);
  };
}

/** `pending`'s answer, or `fallback()`'s if it takes longer than BACKLOG_READ_WAIT_MS. */
function withinWait<T>(pending: Promise<T>, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), BACKLOG_READ_WAIT_MS);
    timer.unref();
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}
