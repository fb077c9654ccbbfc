import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/**
 * Tables of better-auth (users, sessions, accounts), with the column keys its drizzle adapter
 * expects. Every row carries `workspace_id`, and keys include it where the library allows:
 * better-auth looks users up by email and sessions by token alone, so those two are unique
 * across workspaces (a person signs in with one email to exactly one workspace).
 * There is no verification table: email verification and password reset are not offered yet.
 */
export const users = pgTable(
  "users",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    /**
     * `Role` of the contracts: what the person may do (the scopes of ROLE_SCOPES). Existing
     * users became admins when roles came (migration 0011, docs/decisions.md).
     */
    role: text("role").notNull().default("member"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // better-auth finds a user by id alone (from its session) and by email alone (sign-in).
    index("users_id_idx").on(t.id),
    unique("users_email_unique").on(t.email),
    check("users_role_known", sql`${t.role} in ('admin', 'member', 'read_only')`),
    // The last-admin rule counts (and locks) a workspace's admins.
    index("users_workspace_role_idx").on(t.workspaceId, t.role),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    userId: text("user_id").notNull(),
    /** Random, looked up by better-auth on every request; only sent in the httpOnly cookie. */
    token: text("token").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("sessions_token_unique").on(t.token),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
      name: "sessions_user_fk",
    }).onDelete("cascade"),
    index("sessions_user_idx").on(t.workspaceId, t.userId),
  ],
);

/** Sign-in methods of a user; "credential" holds the password hash. */
export const accounts = pgTable(
  "accounts",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    userId: text("user_id").notNull(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    password: text("password"),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true, mode: "date" }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true, mode: "date" }),
    scope: text("scope"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("accounts_workspace_provider_account_unique").on(t.workspaceId, t.providerId, t.accountId),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
      name: "accounts_user_fk",
    }).onDelete("cascade"),
    index("accounts_user_idx").on(t.workspaceId, t.userId),
  ],
);
