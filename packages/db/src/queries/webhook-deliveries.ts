import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { queryRows } from "../rows";
import { webhookDeliveries, webhookEndpoints } from "../schema";
import { changeEntryJson } from "./changes/change-entry-json";
import { historyIdAt } from "./contacts/history-id";

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Fans a workspace's new changes out into deliveries, in one statement (one transaction): for
 * each enabled endpoint that no other dispatcher holds (`FOR UPDATE SKIP LOCKED`), up to
 * `limit` changes after its feed cursor become deliveries if it subscribes to their type, and
 * the cursor moves past all of them. Call it after the sequencer, which positions committed
 * changes; a change that is not committed has no position and is never fanned out.
 * Answers how many deliveries were made and whether an endpoint may have more waiting.
 */
export async function fanOutWebhookDeliveries(
  db: Executor,
  p: { workspaceId: string; now: Date; limit: number },
): Promise<{ inserted: number; more: boolean }> {
  const rows = await queryRows<{ inserted: number; more: boolean }>(
    db,
    sql`with eps as (
      select e.id, e.feed_cursor, e.events
        from ${webhookEndpoints} e
       where e.workspace_id = ${p.workspaceId} and e.disabled_at is null
       for update skip locked
    ), ch as (
      select e.id as endpoint_id, e.events, h.id as change_id, h.contact_id, h.seq, h.type
        from eps e
        cross join lateral (
          select h.id, h.contact_id, h.seq, h.type
            from contact_history h
           where h.workspace_id = ${p.workspaceId} and h.seq is not null and h.seq > e.feed_cursor
           order by h.seq
           limit ${p.limit}) h
    ), ins as (
      insert into ${webhookDeliveries}
        (workspace_id, id, endpoint_id, change_id, contact_id, seq, type, next_attempt_at)
      select ${p.workspaceId}, ${historyIdAt(sql`clock_timestamp()`)}, ch.endpoint_id, ch.change_id,
             ch.contact_id, ch.seq, ch.type, ${ts(p.now)}
        from ch
       where ch.type = any(ch.events)
       order by ch.seq
      on conflict do nothing
      returning 1
    ), moved as (
      update ${webhookEndpoints} e
         set feed_cursor = m.last_seq
        from (select endpoint_id, max(seq) as last_seq, count(*) as n from ch group by endpoint_id) m
       where e.workspace_id = ${p.workspaceId} and e.id = m.endpoint_id
      returning m.n
    )
    select (select count(*) from ins)::int as inserted,
           coalesce((select max(n) from moved), 0) >= ${p.limit} as more`,
  );
  return rows[0] ?? { inserted: 0, more: false };
}

/** A delivery claimed for one attempt, with what sending it needs. */
export interface ClaimedWebhookDelivery {
  workspaceId: string;
  id: string;
  endpointId: string;
  changeId: string;
  type: string;
  /** Attempts made before this one. */
  attempts: number;
  url: string;
  secretCiphertext: string;
  /** The change as the feed lists it (ChangeEntry). */
  data: unknown;
  /** The lease: the attempt's result is recorded only while it still holds it. */
  lockedUntil: string;
}

/**
 * Claims up to `limit` due deliveries for one attempt each, and commits the claim (a lease
 * until `leaseUntil`) so the attempt itself runs outside any transaction. Of an endpoint's
 * undelivered deliveries for one contact only the oldest is ever claimable, so a contact's
 * changes arrive in order, while other contacts' never wait behind it. Rows another
 * dispatcher is claiming are skipped, and a lease that ran out (its process died) is
 * claimable again: at least once.
 */
export async function claimDueWebhookDeliveries(
  db: Executor,
  p: { now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedWebhookDelivery[]> {
  const lease = p.leaseUntil.toISOString();
  const rows = await queryRows<ClaimedWebhookDelivery>(
    db,
    sql`with due as (
      select d.workspace_id, d.id
        from ${webhookDeliveries} d
        join ${webhookEndpoints} e on e.workspace_id = d.workspace_id and e.id = d.endpoint_id
       where d.status = 'pending' and d.next_attempt_at <= ${ts(p.now)}
         and (d.locked_until is null or d.locked_until <= ${ts(p.now)})
         and e.disabled_at is null
         and not exists (
           select 1 from ${webhookDeliveries} b
            where b.workspace_id = d.workspace_id and b.endpoint_id = d.endpoint_id
              and b.contact_id = d.contact_id and b.status <> 'delivered' and b.seq < d.seq)
       order by d.next_attempt_at, d.seq
       limit ${p.limit}
       for update of d skip locked
    ), claimed as (
      update ${webhookDeliveries} d set locked_until = ${lease}::timestamptz
        from due where d.workspace_id = due.workspace_id and d.id = due.id
      returning d.workspace_id, d.id, d.endpoint_id, d.change_id, d.type, d.attempts, d.seq
    )
    select c.workspace_id as "workspaceId", c.id, c.endpoint_id as "endpointId",
           c.change_id as "changeId", c.type, c.attempts, e.url,
           e.secret_ciphertext as "secretCiphertext", ${changeEntryJson} as data,
           ${lease}::text as "lockedUntil"
      from claimed c
      join ${webhookEndpoints} e on e.workspace_id = c.workspace_id and e.id = c.endpoint_id
      join contact_history h on h.workspace_id = c.workspace_id and h.id = c.change_id
     order by c.seq`,
  );
  return rows;
}

/** What one attempt came to. `nextAttemptAt` null on a failure: no attempts left. */
export type WebhookAttemptOutcome =
  | { delivered: true; statusCode: number }
  | {
      delivered: false;
      statusCode: number | null;
      error: string;
      nextAttemptAt: Date | null;
      /** Why the endpoint is disabled when this was its last attempt. */
      disabledReason: string;
    };

/**
 * Records an attempt while its lease still holds (a sender whose lease ran out and was
 * claimed again by another does not overwrite that one's result). A last failed attempt also
 * disables the endpoint, in the same statement. Answers whether it was recorded.
 */
export async function recordWebhookAttempt(
  db: Executor,
  claim: Pick<ClaimedWebhookDelivery, "workspaceId" | "id" | "lockedUntil">,
  now: Date,
  outcome: WebhookAttemptOutcome,
): Promise<boolean> {
  const where = sql`d.workspace_id = ${claim.workspaceId} and d.id = ${claim.id}
    and d.locked_until = ${claim.lockedUntil}::timestamptz`;
  if (outcome.delivered) {
    const rows = await queryRows(
      db,
      sql`update ${webhookDeliveries} d
         set status = 'delivered', attempts = d.attempts + 1, locked_until = null,
             last_status_code = ${outcome.statusCode}, last_error = null,
             last_attempt_at = ${ts(now)}, delivered_at = ${ts(now)}
       where ${where} returning 1`,
    );
    return rows.length > 0;
  }
  const final = outcome.nextAttemptAt === null;
  const rows = await queryRows(
    db,
    sql`with attempt as (
      update ${webhookDeliveries} d
         set status = ${final ? "failed" : "pending"}, attempts = d.attempts + 1, locked_until = null,
             last_status_code = ${outcome.statusCode}, last_error = ${outcome.error},
             last_attempt_at = ${ts(now)},
             next_attempt_at = ${outcome.nextAttemptAt ? ts(outcome.nextAttemptAt) : sql`d.next_attempt_at`}
       where ${where}
      returning d.workspace_id, d.endpoint_id
    ), disabled as (
      update ${webhookEndpoints} e
         set disabled_at = coalesce(e.disabled_at, ${ts(now)}),
             disabled_reason = coalesce(e.disabled_reason, ${outcome.disabledReason})
        from attempt a
       where ${final ? sql`true` : sql`false`} and e.workspace_id = a.workspace_id and e.id = a.endpoint_id
      returning 1
    )
    select (select count(*) from disabled) as disabled from attempt`,
  );
  return rows.length > 0;
}

/** An endpoint's deliveries, newest first, `limit + 1` to tell whether a next page exists. */
export function listWebhookDeliveryRows(
  db: Executor,
  p: {
    workspaceId: string;
    endpointId: string;
    status?: string | undefined;
    beforeId?: string | undefined;
    limit: number;
  },
): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, p.workspaceId),
        eq(webhookDeliveries.endpointId, p.endpointId),
        p.status === undefined ? undefined : eq(webhookDeliveries.status, p.status),
        p.beforeId === undefined ? undefined : lt(webhookDeliveries.id, p.beforeId),
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(p.limit + 1);
}

/**
 * Queues a delivery to be sent again, due now with a fresh schedule of attempts, whatever
 * became of it. Answers its row, with whether its endpoint is enabled, or null when none.
 */
export async function redeliverWebhookDeliveryRow(
  db: Executor,
  p: { workspaceId: string; id: string; now: Date },
): Promise<{ row: WebhookDeliveryRow; endpointEnabled: boolean } | null> {
  const [endpoint] = await queryRows<{ enabled: boolean }>(
    db,
    sql`select e.disabled_at is null as enabled
          from ${webhookDeliveries} d
          join ${webhookEndpoints} e on e.workspace_id = d.workspace_id and e.id = d.endpoint_id
         where d.workspace_id = ${p.workspaceId} and d.id = ${p.id}`,
  );
  if (!endpoint) return null;
  if (!endpoint.enabled) {
    const [row] = await db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.workspaceId, p.workspaceId), eq(webhookDeliveries.id, p.id)));
    return row ? { row, endpointEnabled: false } : null;
  }
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: "pending", attempts: 0, nextAttemptAt: p.now, deliveredAt: null })
    .where(and(eq(webhookDeliveries.workspaceId, p.workspaceId), eq(webhookDeliveries.id, p.id)))
    .returning();
  return row ? { row, endpointEnabled: true } : null;
}

/** One delivery of a workspace, or null. */
export async function findWebhookDeliveryRow(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id)));
  return row ?? null;
}

/** What operators watch of the webhook queue (the /metrics gauges). */
export interface WebhookBacklog {
  /** Deliveries neither delivered nor given up, due or waiting for a retry. */
  pending: number;
  /** Seconds since the oldest of them was made; 0 when there is none. */
  oldestPendingSeconds: number;
}

/**
 * The backlog of every workspace in one statement. Pending rows are few when delivery keeps
 * up (delivered ones are not read: the partial due index holds only pending rows); callers
 * cache the answer, so scrapes cannot load the database.
 */
export async function webhookBacklog(db: Executor): Promise<WebhookBacklog> {
  const rows = await queryRows<{ pending: number; oldest: number }>(
    db,
    sql`select count(*)::int as pending,
               coalesce(extract(epoch from (now() - min(${webhookDeliveries.createdAt}))), 0)::float8 as oldest
          from ${webhookDeliveries}
         where ${webhookDeliveries.status} = 'pending'`,
  );
  const row = rows[0];
  return { pending: row?.pending ?? 0, oldestPendingSeconds: Math.max(row?.oldest ?? 0, 0) };
}
