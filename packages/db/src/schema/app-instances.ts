import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The running server processes, each stamping `seen_at` every few seconds. Work claimed by an
 * instance that stopped stamping (killed, crashed, cut off from the database) is taken over
 * by others at once instead of after a long timeout. Global, not per workspace: it describes
 * the deployment, and holds no customer data.
 */
export const appInstances = pgTable("app_instances", {
  id: text("id").primaryKey(),
  startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  seenAt: timestamp("seen_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
