import { z } from "zod";
import { parseTrustProxy } from "./rate-limit/client-address";

const emptyIsUnset = (v: unknown) => (v === "" ? undefined : v);
/** A count per window; 0 turns that one limit off. */
const limit = (fallback: number) =>
  z.preprocess(emptyIsUnset, z.coerce.number().int().min(0).default(fallback));

/** The only place this package reads process.env. */
export const apiEnv = z
  .object({
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** "off" stops counting API requests at all (benchmarks); sign-in throttling stays. */
    RATE_LIMITS: z.preprocess(emptyIsUnset, z.enum(["on", "off"]).default("on")),
    /** Per API key or signed-in user: tRPC queries (GET), each call of a batch counting one. */
    RATE_LIMIT_READS_PER_MINUTE: limit(1200),
    /** Per API key or signed-in user: tRPC mutations (POST). */
    RATE_LIMIT_WRITES_PER_MINUTE: limit(600),
    /** Per client address (IPv6: per /64), every call with or without credentials. */
    RATE_LIMIT_IP_PER_MINUTE: limit(3000),
    /** Failed sign-ins per email, and per client address, in SIGN_IN_FAILURE_WINDOW_MINUTES. */
    SIGN_IN_MAX_FAILURES_PER_EMAIL: limit(10),
    SIGN_IN_MAX_FAILURES_PER_IP: limit(100),
    SIGN_IN_FAILURE_WINDOW_MINUTES: z.preprocess(emptyIsUnset, z.coerce.number().int().min(1).default(15)),
    /**
     * Derives the key that encrypts webhook signing secrets at rest (webhook-secret.ts). The
     * web app requires it in production; unset in development, a fixed development key is used.
     */
    BETTER_AUTH_SECRET: z.preprocess(emptyIsUnset, z.string().min(32).optional()),
    /**
     * Where webhooks are delivered from: "server" (default) runs the dispatcher inside each
     * server process; "worker" leaves it to `pnpm scripts webhooks worker` processes.
     */
    WEBHOOK_DELIVERY: z.preprocess(emptyIsUnset, z.enum(["server", "worker"]).default("server")),
    /** "true" lets webhooks reach private and loopback addresses (tests, local receivers). */
    WEBHOOK_ALLOW_PRIVATE_URLS: z.preprocess(emptyIsUnset, z.enum(["true", "false"]).default("false")),
    /**
     * Comma-separated host names, addresses or CIDR ranges webhooks may reach although they
     * are not public (e.g. `hooks.internal,10.1.0.0/16`); docs/security.md.
     */
    WEBHOOK_ALLOWED_HOSTS: z.preprocess(emptyIsUnset, z.string().default("")),
    /** Proxies allowed to name the client in X-Forwarded-For (client-address.ts); default none. */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((value, ctx) => {
        try {
          return parseTrustProxy(value);
        } catch (err) {
          ctx.addIssue({ code: "custom", message: (err as Error).message });
          return z.NEVER;
        }
      }),
  })
  .parse(process.env);
