/// <reference path="./rate-limiter-store-abstract.d.ts" />
import {
  deleteRateLimitCounter,
  type Executor,
  getRateLimitCounter,
  type RateLimitCounter,
  setRateLimitPoints,
} from "@contacts/db";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import RateLimiterStoreAbstract from "rate-limiter-flexible/lib/RateLimiterStoreAbstract.js";
import { logger } from "../logger";
import { spendInBatch } from "./spend-batcher";

export interface PostgresRateLimiterOptions {
  /** Names the counters of this limiter in the shared table, e.g. "reads". */
  keyPrefix: string;
  /** Points a key may spend per window. */
  points: number;
  windowSeconds: number;
}

/** What every call passes as the library's `options`: the database to count in. */
export interface OnDatabase {
  db: Executor;
}

/**
 * A rate-limiter-flexible limiter whose counters live in the `rate_limits` table, so every app
 * instance on the database shares them, on PGlite and PostgreSQL alike (the library's own
 * PostgreSQL store wants a `pg` client and creates its own table). The library keeps the
 * bookkeeping: fixed windows, points, `RateLimiterRes`, and two safety nets:
 * - a key over its limit is refused from this process's memory until its window ends, so a
 *   flood of refused requests costs no statement;
 * - if the database fails, counting goes on in memory (`insuranceLimiter`) rather than
 *   letting everything through or refusing everything.
 * Counting is one statement per tick for all limiters (spend-batcher.ts); the window's end is
 * the database's clock, the one all instances share.
 */
export class PostgresRateLimiter extends RateLimiterStoreAbstract {
  constructor(options: PostgresRateLimiterOptions) {
    super({
      storeClient: "rate_limits",
      keyPrefix: options.keyPrefix,
      points: options.points,
      duration: options.windowSeconds,
      inMemoryBlockOnConsumed: options.points + 1,
      insuranceLimiter: new RateLimiterMemory({
        keyPrefix: options.keyPrefix,
        points: options.points,
        duration: options.windowSeconds,
      }),
    });
  }

  /** Milliseconds for which `key` is refused without asking the database, or 0. */
  blockedInMemoryMs(key: string): number {
    return this.getInMemoryBlockMsBeforeExpire(this.getKey(key));
  }

  override async _upsert(
    rlKey: string,
    points: number,
    msDuration: number,
    forceExpire: boolean,
    { db }: OnDatabase,
  ): Promise<RateLimitCounter> {
    const spend = { key: rlKey, points, windowMs: msDuration };
    try {
      return await (forceExpire ? setRateLimitPoints(db, spend) : spendInBatch(db, spend));
    } catch (err) {
      logger.warn({ err, limiter: this.keyPrefix }, "rate-limit counter failed; counting in memory");
      throw err;
    }
  }

  override _get(rlKey: string, { db }: OnDatabase): Promise<RateLimitCounter | null> {
    return getRateLimitCounter(db, rlKey);
  }

  override _delete(rlKey: string, { db }: OnDatabase): Promise<boolean> {
    return deleteRateLimitCounter(db, rlKey);
  }

  override _getRateLimiterRes(_rlKey: string, changedPoints: number, stored: unknown): RateLimiterRes {
    const counter = stored as RateLimitCounter;
    return new RateLimiterRes(
      Math.max(this.points - counter.points, 0),
      counter.msLeft,
      counter.points,
      counter.points === changedPoints,
    );
  }
}
