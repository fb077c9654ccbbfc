import {
  type Executor,
  purgeExpiredRateLimits,
  type RateLimitCounter,
  type RateLimitSpend,
  spendRateLimitPoints,
} from "@contacts/db";
import { logger } from "../logger";

interface Pending {
  spend: RateLimitSpend;
  resolve: (counter: RateLimitCounter) => void;
  reject: (err: unknown) => void;
}

/** Spends waiting for the end of the current tick, per database. */
const queues = new Map<Executor, Pending[]>();
/** Expired counters are deleted at most this often per process, while there is traffic. */
const PURGE_EVERY_MS = 60_000;
// Not at start: the first purge comes a minute after the first traffic of a process.
let lastPurge = Date.now();

/**
 * Adds points to a counter, together with every other spend made in the same tick on the same
 * database: a request's counters (its key and its address), and those of concurrent requests,
 * are one statement. A key spent twice in one tick goes into a second statement, run at the
 * same time (one statement cannot update a row twice).
 */
export function spendInBatch(db: Executor, spend: RateLimitSpend): Promise<RateLimitCounter> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = [];
      queues.set(db, queue);
      queueMicrotask(() => flush(db));
    }
    queue.push({ spend, resolve, reject });
  });
}

function flush(db: Executor): void {
  const queue = queues.get(db) ?? [];
  queues.delete(db);
  const statements: Pending[][] = [];
  for (const pending of queue) {
    const free = statements.find((s) => !s.some((p) => p.spend.key === pending.spend.key));
    if (free) free.push(pending);
    else statements.push([pending]);
  }
  for (const batch of statements) void run(db, batch);
  purgeNowAndThen(db);
}

async function run(db: Executor, batch: Pending[]): Promise<void> {
  try {
    const counters = new Map(
      (
        await spendRateLimitPoints(
          db,
          batch.map((p) => p.spend),
        )
      ).map((c) => [c.key, c]),
    );
    for (const p of batch) {
      const counter = counters.get(p.spend.key);
      if (counter) p.resolve(counter);
      else p.reject(new Error(`rate limit counter ${p.spend.key} was not returned`));
    }
  } catch (err) {
    for (const p of batch) p.reject(err);
  }
}

function purgeNowAndThen(db: Executor): void {
  const now = Date.now();
  if (now - lastPurge < PURGE_EVERY_MS) return;
  lastPurge = now;
  purgeExpiredRateLimits(db).catch((err: unknown) =>
    logger.warn({ err }, "purging expired rate-limit counters failed"),
  );
}
