import {
  connectionsAwaited,
  connectionsInUse,
  type DatabaseActivity,
  type WebhookBacklog,
} from "@contacts/db";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { LabelledHistogram } from "./labelled-histogram";

/** How a request came in: the API's two transports, or a page or asset Next.js answered. */
export type RequestTransport = "trpc" | "rest" | "next";

/**
 * Seconds. Fine below 10 ms, where the API's answers are (an update costs ~0.5 ms of CPU), so
 * a p50 or p99 read from the buckets is close to the measured one; coarse above.
 */
const REQUEST_BUCKETS = [
  0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
  2.5, 5, 10,
];
const STATEMENT_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5,
];

/** What the gauges read at scrape time: the process's database, once it is open. */
export interface MetricSources {
  activity?: DatabaseActivity;
  /** The webhook backlog, cached by its source (observe-database.ts). */
  webhookBacklog?: () => Promise<WebhookBacklog | undefined>;
}

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sources: MetricSources = {};
  const registers = [registry];
  new Gauge({
    name: "db_pool_size",
    help: "Connections the database pool may open (1 on the embedded database).",
    registers,
    collect() {
      if (sources.activity) this.set(sources.activity.poolSize);
    },
  });
  new Gauge({
    name: "db_pool_connections_in_use",
    help: "Pool connections holding a statement, a transaction or a reservation now.",
    registers,
    collect() {
      if (sources.activity) this.set(connectionsInUse(sources.activity));
    },
  });
  new Gauge({
    name: "db_pool_requests_waiting",
    help: "Statements and transactions waiting for a pool connection now.",
    registers,
    collect() {
      if (sources.activity) this.set(connectionsAwaited(sources.activity));
    },
  });
  const backlog = async () => (sources.webhookBacklog ? sources.webhookBacklog() : undefined);
  new Gauge({
    name: "webhook_deliveries_pending",
    help: "Webhook deliveries not delivered yet and not given up (at most 5 s old).",
    registers,
    async collect() {
      const b = await backlog();
      if (b) this.set(b.pending);
    },
  });
  new Gauge({
    name: "webhook_oldest_pending_age_seconds",
    help: "Age of the oldest pending webhook delivery, 0 when none (at most 5 s old).",
    registers,
    async collect() {
      const b = await backlog();
      if (b) this.set(b.oldestPendingSeconds);
    },
  });
  const requests = new LabelledHistogram(
    "http_request_duration_seconds",
    "Time from a request's arrival to its answer, by procedure (tRPC path or REST route template), transport and HTTP status.",
    REQUEST_BUCKETS,
  );
  requests.register(registry, {
    name: "http_requests_total",
    help: "Requests answered, by procedure, transport and HTTP status. A tRPC batch counts once per call.",
  });
  const statementDuration = new LabelledHistogram(
    "db_statement_duration_seconds",
    "Time from issuing a statement to its answer (a wait for a pool connection included), by kind.",
    STATEMENT_BUCKETS,
  );
  statementDuration.register(registry);
  return {
    registry,
    sources,
    /** Keyed by `transport procedure status` (record-request.ts). */
    requests,
    /** Keyed by the statement's kind. */
    statementDuration,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * One registry per process, on globalThis: the production server holds the API code twice
 * (server.ts and Next's bundle, docs/decisions.md), and both must count into what /metrics
 * shows. Made on first use.
 */
const KEY = Symbol.for("@contacts/api/metrics");
const globals = globalThis as { [KEY]?: Metrics };

export function processMetrics(): Metrics {
  globals[KEY] ??= createMetrics();
  return globals[KEY];
}
