import { z } from "zod";

const emptyIsUnset = (v: unknown) => (v === "" ? undefined : v);

/** The only place the web app reads process.env (the db package reads DATABASE_URL itself). */
export const webEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.preprocess(emptyIsUnset, z.coerce.number().int().positive().default(3000)),
    /**
     * At SIGTERM/SIGINT, how long `pnpm start` lets requests in flight finish before it closes
     * their connections, the database, and exits.
     */
    SHUTDOWN_TIMEOUT_MS: z.preprocess(
      emptyIsUnset,
      z.coerce.number().int().min(0).max(600_000).default(10_000),
    ),
    /** The address `pnpm start` listens on; unset: every interface, like `next start`. */
    HOST: z.preprocess(emptyIsUnset, z.string().optional()),
    /** Signs session cookies. Unset: a random secret per process (sessions end on restart). */
    BETTER_AUTH_SECRET: z.preprocess(emptyIsUnset, z.string().min(32).optional()),
    /**
     * Bearer token that `/metrics` on the app's own port requires (docs/metrics.md); unset:
     * the main port has no /metrics (404). 32+ characters, e.g. `openssl rand -hex 32`.
     */
    METRICS_TOKEN: z.preprocess(emptyIsUnset, z.string().min(32).optional()),
    /** A listener of its own serving only /metrics (Prometheus); unset: none. */
    METRICS_PORT: z.preprocess(emptyIsUnset, z.coerce.number().int().min(0).max(65_535).optional()),
    /** Where METRICS_PORT listens: loopback unless said otherwise, so only the host reaches it. */
    METRICS_HOST: z.preprocess(emptyIsUnset, z.string().default("127.0.0.1")),
    /** The app's public origin, e.g. https://contacts.example.com; default http://localhost:PORT. */
    BETTER_AUTH_URL: z.preprocess(emptyIsUnset, z.url().optional()),
  })
  .parse(process.env);
