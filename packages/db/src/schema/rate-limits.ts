import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Rate-limit counters shared by every app instance on this database: one row per limited
 * thing (an API key's reads, a client address, an email's failed sign-ins…), counting the
 * points spent in the window that ends at `expires_at`. A row past its end counts as absent
 * and is reused or purged. The table holds no workspace: addresses and emails are counted
 * before anyone is known. Emails are stored hashed, never as written.
 *
 * UNLOGGED (hand-edited in migration 0005): a counter is worth nothing after a crash, and
 * without WAL a request's counter update commits without waiting for a flush.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
});
