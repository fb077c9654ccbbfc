import type {
  ListWebhookDeliveriesInput,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookDeliveryStatus,
  WebhookEvent,
} from "@contacts/contracts";
import {
  type Database,
  findWebhookEndpoint,
  listWebhookDeliveryRows,
  redeliverWebhookDeliveryRow,
  type WebhookDeliveryRow,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError } from "../../errors";
import { nudgeWebhookDelivery } from "./delivery-wake-up";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    changeId: row.changeId,
    contactId: row.contactId,
    type: row.type as WebhookEvent,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    lastAttemptAt: iso(row.lastAttemptAt),
    nextAttemptAt: row.status === "pending" ? iso(row.nextAttemptAt) : null,
    deliveredAt: iso(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listWebhookDeliveries(
  db: Database,
  actor: Actor,
  input: ListWebhookDeliveriesInput,
): Promise<WebhookDeliveryPage> {
  if (!(await findWebhookEndpoint(db, actor.workspaceId, input.endpointId)))
    throw new NotFoundError("Webhook");
  const rows = await listWebhookDeliveryRows(db, {
    workspaceId: actor.workspaceId,
    endpointId: input.endpointId,
    status: input.status,
    beforeId: input.cursor ?? undefined,
    limit: input.limit,
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(toWebhookDelivery),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * Sends a delivery again (due now, a fresh schedule of attempts), whatever became of it. Its
 * endpoint must be enabled: enabling one retries its failed deliveries anyway.
 */
export async function redeliverWebhook(
  db: Database,
  actor: Actor,
  input: { deliveryId: string },
): Promise<WebhookDelivery> {
  const result = await redeliverWebhookDeliveryRow(db, {
    workspaceId: actor.workspaceId,
    id: input.deliveryId,
    now: new Date(),
  });
  if (!result) throw new NotFoundError("Webhook delivery");
  if (!result.endpointEnabled) {
    throw new ConflictError(
      "WEBHOOK_DISABLED",
      "The endpoint is disabled: enable it to send its deliveries again",
    );
  }
  nudgeWebhookDelivery();
  return toWebhookDelivery(result.row);
}
