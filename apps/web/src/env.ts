import { z } from "zod";

/** The only place the web app reads process.env (the db package reads DATABASE_URL itself). */
export const webEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  })
  .parse(process.env);
