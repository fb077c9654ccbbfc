import { sql } from "drizzle-orm";

/**
 * What the name sort orders by: "first last" lower-cased, or the email when there is no name.
 * Written with `||` and `coalesce` (immutable), not concat_ws (stable), so the index of
 * migration 0013 is on exactly this expression; schema/contacts.ts builds the same one.
 */
export const contactNameKeyOf = (first: string, last: string, email: string) =>
  sql.raw(
    `lower(coalesce(nullif(trim(coalesce(${first}, '') || ' ' || coalesce(${last}, '')), ''), ${email}, ''))`,
  );

export const contactNameKey = contactNameKeyOf("c.first_name", "c.last_name", "c.email");
