/**
 * rate-limiter-flexible's base class for shared stores (its PostgreSQL, Redis… limiters extend
 * it). The package types it but does not export it from its entry point, so it is imported by
 * path; these are the members our store fills in (lib/RateLimiterStoreAbstract.js).
 */
declare module "rate-limiter-flexible/lib/RateLimiterStoreAbstract.js" {
  import { type RateLimiterRes, RateLimiterStoreAbstract as Typed } from "rate-limiter-flexible";

  export default class RateLimiterStoreAbstract extends Typed {
    /** Milliseconds a key stays refused in this process's memory, or 0 (`inMemoryBlockOnConsumed`). */
    getInMemoryBlockMsBeforeExpire(rlKey: string): number;
    /** Adds `points` (replaces them when `forceExpire`), starting a new window of `msDuration` if due. */
    _upsert(
      rlKey: string,
      points: number,
      msDuration: number,
      forceExpire: boolean,
      options: object,
    ): Promise<unknown>;
    _get(rlKey: string, options: object): Promise<unknown>;
    _delete(rlKey: string, options: object): Promise<boolean>;
    _getRateLimiterRes(rlKey: string, changedPoints: number, stored: unknown): RateLimiterRes;
  }
}
