import { type SQL, sql } from "drizzle-orm";

/**
 * A history entry's id, made by the database from the entry's own time `at`: a UUIDv7 whose
 * 12 bits after the milliseconds hold the fraction of the millisecond (RFC 9562, method 3),
 * then random bits. A contact's writes are serialized by its version, each one's time taken
 * after the previous one committed, so its entries sort by id in the order they were written,
 * to the microsecond, on one clock (the database's) whatever app server wrote them.
 */
export function historyIdAt(at: SQL): SQL {
  const ms = sql`(extract(epoch from ${at}) * 1000)`;
  return sql`(lpad(to_hex(floor(${ms})::bigint), 12, '0') || '7'
    || lpad(to_hex(floor((${ms} - floor(${ms})) * 4096)::int), 3, '0')
    || substr(replace(gen_random_uuid()::text, '-', ''), 17, 16))::uuid::text`;
}
