import { z } from "zod";

const emptyIsUnset = (v: unknown) => (v === "" ? undefined : v);

/** The only place this package reads process.env. */
export const dbEnv = z
  .object({
    DATABASE_URL: z.preprocess(emptyIsUnset, z.url().optional()),
    PGLITE_DATA_DIR: z.preprocess(emptyIsUnset, z.string().optional()),
  })
  .parse(process.env);
