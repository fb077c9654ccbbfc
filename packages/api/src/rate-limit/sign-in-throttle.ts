import { createHash } from "node:crypto";
import type { Executor } from "@contacts/db";
import { RateLimiterRes } from "rate-limiter-flexible";
import { apiEnv } from "../env";
import { logger } from "../logger";
import { addressBucket } from "./client-address";
import { PostgresRateLimiter } from "./postgres-rate-limiter";

/** Failed sign-ins allowed per window; 0 turns that limit off. */
export interface SignInThrottleConfig {
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  windowMinutes: number;
}

export function signInThrottleConfigFromEnv(): SignInThrottleConfig {
  return {
    maxFailuresPerEmail: apiEnv.SIGN_IN_MAX_FAILURES_PER_EMAIL,
    maxFailuresPerIp: apiEnv.SIGN_IN_MAX_FAILURES_PER_IP,
    windowMinutes: apiEnv.SIGN_IN_FAILURE_WINDOW_MINUTES,
  };
}

export interface SignInAttempt {
  email: string;
  clientAddress: string;
}

export type SignInAdmission =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; message: string };

export interface SignInThrottle {
  /**
   * Before checking a password: counts the attempt as failed, per email and per client
   * address, and refuses it when either has no failures left. Counting first (one atomic
   * statement) means parallel guesses cannot all slip past a check made before any failed.
   */
  admit(db: Executor, attempt: SignInAttempt): Promise<SignInAdmission>;
  /** After a correct password: the attempt was no failure, and the email's failures are forgotten. */
  succeeded(db: Executor, attempt: SignInAttempt): Promise<void>;
}

/** Emails are counted by hash: the counters table holds no one's address. */
const emailKey = (email: string) =>
  createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");

/**
 * Brute-force protection for email + password sign-in, shared by every instance on the
 * database. Only failures count, so people who type their password right are never slowed,
 * however many sign in from one address; once either budget is spent, every attempt for that
 * email (or from that address) is refused until the window ends, right password or not, and
 * unknown emails are counted exactly like known ones.
 */
export function createSignInThrottle(config: SignInThrottleConfig): SignInThrottle {
  const windowSeconds = config.windowMinutes * 60;
  const limiter = (keyPrefix: string, points: number) =>
    points > 0 ? new PostgresRateLimiter({ keyPrefix, points, windowSeconds }) : null;
  const byEmail = limiter("sign-in-email", config.maxFailuresPerEmail);
  const byIp = limiter("sign-in-ip", config.maxFailuresPerIp);
  const keys = (a: SignInAttempt) => [
    byEmail && { limiter: byEmail, key: emailKey(a.email) },
    byIp && { limiter: byIp, key: addressBucket(a.clientAddress) },
  ];

  return {
    async admit(db, attempt) {
      const options = { db };
      const results = await Promise.all(
        keys(attempt).map((k) =>
          k
            ? k.limiter.consume(k.key, 1, options).then(
                () => 0,
                (err: unknown) => {
                  if (err instanceof RateLimiterRes) return Math.max(1, err.msBeforeNext);
                  throw err;
                },
              )
            : 0,
        ),
      );
      const waitMs = Math.max(...results);
      if (waitMs === 0) return { allowed: true };
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      const minutes = Math.ceil(retryAfterSeconds / 60);
      return {
        allowed: false,
        retryAfterSeconds,
        message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      };
    },
    async succeeded(db, attempt) {
      const [email, ip] = keys(attempt);
      const options = { db };
      // Not worth failing a sign-in over: the attempt then stays counted as a failure.
      await Promise.all([
        email?.limiter.delete(email.key, options),
        ip?.limiter.reward(ip.key, 1, options),
      ]).catch((err: unknown) =>
        logger.warn({ err }, "could not forget the failures of a successful sign-in"),
      );
    },
  };
}

let fromEnv: SignInThrottle | undefined;
/** The throttle this process runs with (from the environment), built on first use. */
export function defaultSignInThrottle(): SignInThrottle {
  fromEnv ??= createSignInThrottle(signInThrottleConfigFromEnv());
  return fromEnv;
}
