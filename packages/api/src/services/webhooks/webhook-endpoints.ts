import {
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  WEBHOOK_ENDPOINTS_MAX,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEvent,
} from "@contacts/contracts";
import {
  type Database,
  deleteWebhookEndpointRow,
  disableWebhookEndpointRow,
  enableWebhookEndpointRow,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  type ListedWebhookEndpoint,
  listWebhookEndpointRows,
  newId,
  sequenceChanges,
  updateWebhookEndpointRow,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { type ReceiverPolicy, receiverPolicyFromEnv, refusedReceiverUrl } from "./receiver-address";
import { encryptWebhookSecret, newWebhookSecret } from "./webhook-secret";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toWebhookEndpoint(row: ListedWebhookEndpoint): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as WebhookEvent[],
    enabled: row.disabledAt === null,
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A receiver the policy refuses is the caller's error, at `["url"]`. */
async function assertReceiverAllowed(url: string, policy: ReceiverPolicy): Promise<void> {
  const refused = await refusedReceiverUrl(url, policy);
  if (refused) throw new ValidationError([{ path: ["url"], message: refused }], "WEBHOOK_URL_REFUSED");
}

/** Options of the services that tests set (the environment's policy otherwise). */
export interface WebhookServiceOptions {
  policy?: ReceiverPolicy;
}

export async function createWebhookEndpoint(
  db: Database,
  actor: Actor,
  input: CreateWebhookRequest,
  options: WebhookServiceOptions = {},
): Promise<WebhookEndpointWithSecret> {
  await assertReceiverAllowed(input.url, options.policy ?? receiverPolicyFromEnv());
  const secret = newWebhookSecret();
  // Position the changes already committed first, so the new endpoint's cursor is past them.
  await sequenceChanges(db, actor.workspaceId);
  const row = await insertWebhookEndpoint(
    db,
    {
      workspaceId: actor.workspaceId,
      id: newId(),
      url: input.url,
      description: input.description ?? null,
      events: input.events,
      secretCiphertext: encryptWebhookSecret(secret),
    },
    WEBHOOK_ENDPOINTS_MAX,
  );
  if (!row) {
    throw new ConflictError(
      "WEBHOOK_LIMIT_REACHED",
      `A workspace can have at most ${WEBHOOK_ENDPOINTS_MAX} webhook endpoints; delete one first`,
    );
  }
  return { endpoint: toWebhookEndpoint(row), secret };
}

export async function listWebhookEndpoints(db: Database, actor: Actor) {
  const rows = await listWebhookEndpointRows(db, actor.workspaceId);
  return { items: rows.map(toWebhookEndpoint) };
}

export async function getWebhookEndpoint(db: Database, actor: Actor, input: { id: string }) {
  const row = await findWebhookEndpoint(db, actor.workspaceId, input.id);
  if (!row) throw new NotFoundError("Webhook");
  return toWebhookEndpoint(row);
}

export async function updateWebhookEndpoint(
  db: Database,
  actor: Actor,
  input: UpdateWebhookRequest,
  options: WebhookServiceOptions = {},
): Promise<WebhookEndpoint> {
  if (input.url !== undefined)
    await assertReceiverAllowed(input.url, options.policy ?? receiverPolicyFromEnv());
  const row = await updateWebhookEndpointRow(db, actor.workspaceId, input.id, {
    url: input.url,
    events: input.events,
    description: input.description,
  });
  if (!row) throw new NotFoundError("Webhook");
  return toWebhookEndpoint(row);
}

export async function deleteWebhookEndpoint(db: Database, actor: Actor, input: { id: string }) {
  if (!(await deleteWebhookEndpointRow(db, actor.workspaceId, input.id))) throw new NotFoundError("Webhook");
  return { id: input.id };
}

export async function disableWebhookEndpoint(db: Database, actor: Actor, input: { id: string }) {
  const row = await disableWebhookEndpointRow(db, actor.workspaceId, input.id, `Disabled by ${actor.name}`);
  if (!row) throw new NotFoundError("Webhook");
  return toWebhookEndpoint(row);
}

/** Enables it again: failed deliveries start over, and the changes made meanwhile follow. */
export async function enableWebhookEndpoint(db: Database, actor: Actor, input: { id: string }) {
  const row = await enableWebhookEndpointRow(db, actor.workspaceId, input.id, new Date());
  if (!row) throw new NotFoundError("Webhook");
  return toWebhookEndpoint(row);
}

/** A new signing secret, shown once; the old one stops signing at once. */
export async function rotateWebhookSecret(
  db: Database,
  actor: Actor,
  input: { id: string },
): Promise<WebhookEndpointWithSecret> {
  const secret = newWebhookSecret();
  const row = await updateWebhookEndpointRow(db, actor.workspaceId, input.id, {
    secretCiphertext: encryptWebhookSecret(secret),
  });
  if (!row) throw new NotFoundError("Webhook");
  return { endpoint: toWebhookEndpoint(row), secret };
}
