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
    /** The app's public origin, e.g. https://contacts.example.com; default http://localhost:PORT. */
    BETTER_AUTH_URL: z.preprocess(emptyIsUnset, z.url().optional()),
  })
  .parse(process.env);
