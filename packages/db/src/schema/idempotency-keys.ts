import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/**
 * Responses of mutations sent with an `Idempotency-Key` header: a retry with the same key and
 * body gets the stored response and writes nothing again; the same key with another body is
 * a CONFLICT. A key belongs to the caller that sent it (workspace, actor type and id): another
 * caller's same key is another key. Keys expire (see the api package).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id").notNull(),
    key: text("key").notNull(),
    /** The procedure path and a SHA-256 of the request body: what "the same request" means. */
    procedure: text("procedure").notNull(),
    requestHash: text("request_hash").notNull(),
    /** Null while the first request is still running. */
    responseStatus: integer("response_status"),
    /** Null once answered when the response held a secret (a new API key): never stored. */
    responseBody: text("response_body"),
    /** The server instance running the first request (app_instances), to notice when it died. */
    claimedBy: text("claimed_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.actorType, t.actorId, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);
