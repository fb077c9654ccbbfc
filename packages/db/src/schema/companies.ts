import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

export const companies = pgTable(
  "companies",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    /** The lower-case host that tells two companies of one name apart ("aurora.se"). */
    domain: text("domain"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // company.list order (name, then id) and its keyset pagination; also the duplicate-name
    // warning's lookup of the same name, case-insensitively.
    index("companies_workspace_name_idx").on(t.workspaceId, sql`lower(${t.name})`, t.id),
    // company.list search: case-insensitive substring.
    index("companies_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`),
  ],
);

/**
 * One row per effective write of a company: who, when, and `{ from, to }` for each changed
 * field. Not tied to the company row by a foreign key: a deleted company's history, its
 * deletion included, stays readable.
 */
export const companyHistory = pgTable(
  "company_history",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    companyId: text("company_id").notNull(),
    /** The company's version this write produced. */
    version: integer("version").notNull(),
    /** `company.created`, `company.updated` or `company.deleted`. */
    type: text("type").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    changes: jsonb("changes").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("company_history_company_idx").on(t.workspaceId, t.companyId, t.id.desc()),
  ],
);
