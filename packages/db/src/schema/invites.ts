import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/**
 * Invitations to join a workspace with a role. Only a SHA-256 hash of the token is stored
 * (the token is 256 random bits, shown once, like an API key). An invite is pending until
 * accepted, revoked or past `expires_at`; accepted and revoked rows stay as a record.
 */
export const invites = pgTable(
  "invites",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    tokenHash: text("token_hash").notNull(),
    role: text("role").notNull(),
    /** The admin who made it; no foreign key, so removing that admin keeps the record. */
    invitedBy: text("invited_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date" }),
    /** The user the invite made. */
    acceptedBy: text("accepted_by"),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // Accepting looks an invite up by its token alone: the page knows no workspace.
    unique("invites_token_hash_unique").on(t.tokenHash),
    index("invites_workspace_created_idx").on(t.workspaceId, t.createdAt),
    check("invites_role_known", sql`${t.role} in ('admin', 'member', 'read_only')`),
  ],
);
