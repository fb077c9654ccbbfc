import { z } from "zod";

const emptyIsUnset = (v: unknown) => (v === "" ? undefined : v);

/**
 * The only place the runner reads process.env itself (the database commands go through
 * @contacts/db's env). The API commands (contacts …, tags …) call the API over HTTP.
 */
export const scriptsEnv = z
  .object({
    /** The app's base URL, e.g. http://localhost:3000 (or its /api/trpc endpoint). */
    CONTACTS_API_URL: z.preprocess(emptyIsUnset, z.url().optional()),
    /** An API key of the workspace to work in (`pnpm scripts api-key create`). */
    CONTACTS_API_KEY: z.preprocess(emptyIsUnset, z.string().optional()),
    /** Per HTTP attempt of those commands; each is retried with backoff when the network fails. */
    CONTACTS_API_TIMEOUT_MS: z.preprocess(emptyIsUnset, z.coerce.number().int().positive().default(30_000)),
    /** `contacts import` prints its peak RSS at the end (`peak-rss-kb=…`), for `pnpm bench:import`. */
    IMPORT_REPORT_PEAK_RSS: z.preprocess((v) => v === "1" || v === "true", z.boolean()),
  })
  .parse(process.env);
