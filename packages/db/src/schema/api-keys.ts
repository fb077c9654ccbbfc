import { index, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/**
 * API keys for server-to-server calls. Only a SHA-256 hash of the key is stored: keys are
 * 256-bit random secrets, so a fast hash is enough (no password-style stretching needed).
 * The key itself carries its workspace id, so lookups stay within one workspace.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    /** The first characters of the key, to recognise it in a list; not enough to use it. */
    keyPrefix: text("key_prefix").notNull(),
    /**
     * What the key may do (`ApiKeyScope`s of the contracts). Null is full access: every key made
     * before scopes existed, and keys made without choosing any.
     */
    scopes: text("scopes").array(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("api_keys_workspace_hash_unique").on(t.workspaceId, t.keyHash),
    index("api_keys_workspace_created_idx").on(t.workspaceId, t.createdAt),
  ],
);
