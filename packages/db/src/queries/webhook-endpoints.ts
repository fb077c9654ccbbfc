import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { queryRows } from "../rows";
import { changeFeedHeads, webhookDeliveries, webhookEndpoints } from "../schema";

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

/** What an endpoint is listed with: everything but its secret. */
const listed = {
  workspaceId: webhookEndpoints.workspaceId,
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.events,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
  disabledAt: webhookEndpoints.disabledAt,
  disabledReason: webhookEndpoints.disabledReason,
};
export type ListedWebhookEndpoint = Omit<WebhookEndpointRow, "secretCiphertext" | "feedCursor">;

/**
 * Registers an endpoint unless the workspace already has `max`: one statement, so the count
 * and the insert see the same rows. Its feed cursor starts at the workspace's head (only later
 * changes are sent). Answers null at the limit.
 */
export async function insertWebhookEndpoint(
  db: Executor,
  row: {
    workspaceId: string;
    id: string;
    url: string;
    description: string | null;
    events: string[];
    secretCiphertext: string;
  },
  max: number,
): Promise<ListedWebhookEndpoint | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into ${webhookEndpoints}
      (workspace_id, id, url, description, events, secret_ciphertext, feed_cursor)
    select ${row.workspaceId}, ${row.id}, ${row.url}, ${row.description},
           ${sql`array[${sql.join(
             row.events.map((e) => sql`${e}`),
             sql`, `,
           )}]::text[]`},
           ${row.secretCiphertext},
           coalesce((select h.last_seq from ${changeFeedHeads} h where h.workspace_id = ${row.workspaceId}), 0)
     where (select count(*) from ${webhookEndpoints} e where e.workspace_id = ${row.workspaceId}) < ${max}
    returning id`,
  );
  if (!rows[0]) return null;
  return findWebhookEndpoint(db, row.workspaceId, row.id);
}

export function listWebhookEndpointRows(db: Executor, workspaceId: string): Promise<ListedWebhookEndpoint[]> {
  return db
    .select(listed)
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
}

export async function findWebhookEndpoint(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<ListedWebhookEndpoint | null> {
  const [row] = await db
    .select(listed)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
  return row ?? null;
}

/** Changes what is given; null when no such endpoint. */
export async function updateWebhookEndpointRow(
  db: Executor,
  workspaceId: string,
  id: string,
  patch: {
    url?: string | undefined;
    events?: string[] | undefined;
    description?: string | null | undefined;
    secretCiphertext?: string | undefined;
  },
): Promise<ListedWebhookEndpoint | null> {
  const set: Partial<WebhookEndpointRow> = { updatedAt: new Date() };
  if (patch.url !== undefined) set.url = patch.url;
  if (patch.events !== undefined) set.events = patch.events;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.secretCiphertext !== undefined) set.secretCiphertext = patch.secretCiphertext;
  const [row] = await db
    .update(webhookEndpoints)
    .set(set)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning(listed);
  return row ?? null;
}

/** Deletes an endpoint and (cascade) its deliveries; false when there was none. */
export async function deleteWebhookEndpointRow(db: Executor, workspaceId: string, id: string) {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Disables an endpoint by hand (a reason the user sees); null when no such endpoint. */
export async function disableWebhookEndpointRow(
  db: Executor,
  workspaceId: string,
  id: string,
  reason: string,
): Promise<ListedWebhookEndpoint | null> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      disabledAt: sql`coalesce(${webhookEndpoints.disabledAt}, now())`,
      disabledReason: sql`coalesce(${webhookEndpoints.disabledReason}, ${reason})`,
      updatedAt: new Date(),
    })
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning(listed);
  return row ?? null;
}

/**
 * Enables an endpoint again, in one statement: its failed deliveries start over (pending, no
 * attempts, due now), and those still pending are due now rather than at the end of a long
 * backoff, since the user just said the receiver works. Null when no such endpoint.
 */
export async function enableWebhookEndpointRow(
  db: Executor,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<ListedWebhookEndpoint | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with enabled as (
      update ${webhookEndpoints} set disabled_at = null, disabled_reason = null, updated_at = now()
       where workspace_id = ${workspaceId} and id = ${id}
      returning workspace_id, id
    ), restarted as (
      update ${webhookDeliveries} d
         set status = 'pending',
             attempts = case when d.status = 'failed' then 0 else d.attempts end,
             next_attempt_at = least(d.next_attempt_at, ${now.toISOString()}::timestamptz)
        from enabled e
       where d.workspace_id = e.workspace_id and d.endpoint_id = e.id and d.status <> 'delivered'
      returning 1
    )
    select id, (select count(*) from restarted) as restarted from enabled`,
  );
  if (!rows[0]) return null;
  return findWebhookEndpoint(db, workspaceId, id);
}

/** The workspaces with at least one enabled endpoint: those the dispatcher fans out for. */
export async function workspacesWithEnabledWebhooks(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ workspace_id: string }>(
    db,
    sql`select distinct workspace_id from ${webhookEndpoints} where disabled_at is null`,
  );
  return rows.map((r) => r.workspace_id);
}
