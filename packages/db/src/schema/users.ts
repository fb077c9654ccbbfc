import { pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/** People who sign in to the web app. Sessions and passwords arrive with the web app issue. */
export const users = pgTable(
  "users",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("users_workspace_email_unique").on(t.workspaceId, t.email),
  ],
);
