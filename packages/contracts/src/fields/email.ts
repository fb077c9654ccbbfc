import { z } from "zod";

export const EMAIL_MAX = 254;

/** A valid address of at most 254 chars; stored trimmed and lower-cased. */
export const Email = z
  .string()
  .trim()
  .max(EMAIL_MAX, `At most ${EMAIL_MAX} characters`)
  .toLowerCase()
  .pipe(z.email("Not a valid email address"));
