import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

export const companies = pgTable(
  "companies",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // company.list order (name, then id) and its keyset pagination.
    index("companies_workspace_name_idx").on(t.workspaceId, sql`lower(${t.name})`, t.id),
    // company.list search: case-insensitive substring.
    index("companies_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`),
  ],
);
