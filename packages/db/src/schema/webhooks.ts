import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { contactHistory } from "./contacts";
import { workspaces } from "./workspaces";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Receivers of a workspace's changes. `feedCursor` is the change feed position already fanned
 * out into deliveries: a new endpoint starts at the workspace's head, so it gets only later
 * changes. The signing secret is stored encrypted (webhook-secret.ts in the API): the server
 * needs it to sign, so a hash would not do.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    url: text("url").notNull(),
    description: text("description"),
    events: text("events").array().notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    feedCursor: bigint("feed_cursor", { mode: "bigint" }).notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
    /** Set by a user, or after a delivery ran out of attempts; null while enabled. */
    disabledAt: at("disabled_at"),
    disabledReason: text("disabled_reason"),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const WEBHOOK_DELIVERY_STATUS_CHECK = "webhook_deliveries_status_check";

/**
 * One change to send to one endpoint: the queue the dispatcher claims from. The body is built
 * from the history entry at send time (by reference), so a change erased with its contact is
 * never sent afterwards and the body is stored once however many endpoints there are.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    endpointId: text("endpoint_id").notNull(),
    /** The history entry (the change): the `webhook-id` header on every attempt. */
    changeId: text("change_id").notNull(),
    contactId: text("contact_id").notNull(),
    /** The change's feed position: order per contact. */
    seq: bigint("seq", { mode: "bigint" }).notNull(),
    type: text("type").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at").notNull().defaultNow(),
    /** A sender's lease: claimable again once past (its process may have died mid-attempt). */
    lockedUntil: at("locked_until"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastAttemptAt: at("last_attempt_at"),
    deliveredAt: at("delivered_at"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.endpointId],
      foreignColumns: [webhookEndpoints.workspaceId, webhookEndpoints.id],
      name: "webhook_deliveries_endpoint_fk",
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.changeId],
      foreignColumns: [contactHistory.workspaceId, contactHistory.id],
      name: "webhook_deliveries_change_fk",
    }).onDelete("cascade"),
    // A change is fanned out to an endpoint once, even if two dispatchers raced; the index
    // also serves the cascade from a history entry.
    unique("webhook_deliveries_change_endpoint_unique").on(t.workspaceId, t.changeId, t.endpointId),
    check(WEBHOOK_DELIVERY_STATUS_CHECK, sql`${t.status} in ('pending', 'delivered', 'failed')`),
    // Claiming: due deliveries, oldest due first.
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // Order per contact: the undelivered deliveries of an endpoint and contact, by position.
    index("webhook_deliveries_undelivered_idx")
      .on(t.workspaceId, t.endpointId, t.contactId, t.seq)
      .where(sql`${t.status} <> 'delivered'`),
    // webhook.deliveries: an endpoint's newest first.
    index("webhook_deliveries_endpoint_idx").on(t.workspaceId, t.endpointId, t.id.desc()),
  ],
);
