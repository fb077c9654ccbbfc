/**
 * Statements that touch many workspaces BY DESIGN, by libpg-query fingerprint (the statement's
 * shape, whatever its constants). Each is a multi-shard statement on Citus: allowed only with a
 * reason, and the check reports every one it meets. Keep this list short: a statement that can
 * name its workspace cheaply and correctly should be fixed instead.
 */
export interface MultiShardStatement {
  fingerprint: string;
  /** Why it must read or write more than one workspace. */
  reason: string;
  /** The start of the statement, so a reader can find it without running the check. */
  statement: string;
}

export const MULTI_SHARD_ALLOWLIST: readonly MultiShardStatement[] = [
  {
    fingerprint: "aa233b8d59cde05c",
    reason:
      "the webhook dispatcher's scan for the workspaces it fans out for, once per round " +
      "(workspacesWithEnabledWebhooks): a plain read of every shard; what follows is per workspace",
    statement: `select distinct workspace_id from "webhook_endpoints" where disabled_at is null`,
  },
  {
    fingerprint: "7b22581c57b54395",
    reason:
      "the webhook dispatcher claims due deliveries of all workspaces in one statement " +
      "(claimDueWebhookDeliveries). Per workspace it would be one claim per workspace and round " +
      "and a per-workspace due index; on Citus it must become that (docs/scaling-citus.md)",
    statement: `with due as (select d.workspace_id, d.id from "webhook_deliveries" d join "webhook_endpoints" e … for update of d skip locked), claimed as (update …)`,
  },
  {
    fingerprint: "78d2bc4d220bf2ee",
    reason:
      "purging expired idempotency keys of every workspace (purgeExpiredIdempotencyKeys), about " +
      "once per 200 claims: maintenance, not a request's work. On Citus a multi-shard DELETE by " +
      "created_at, run on every shard in parallel",
    statement:
      "with d as (delete from idempotency_keys where created_at < now() - make_interval(…) returning 1) select count(*)",
  },
  {
    fingerprint: "a927a815bddd7dbf",
    reason:
      "the operator's webhook backlog (/metrics: pending deliveries and the oldest one's age) is " +
      "about every workspace by definition; read at most once per 5 s per instance",
    statement: `select count(*)::int as pending, coalesce(extract(epoch from (now() - min("webhook_deliveries"."created_at"))), 0) … where status = 'pending'`,
  },
  {
    fingerprint: "4189849048faa9e2",
    reason:
      "at a clean shutdown an instance hands back the idempotency keys it still holds, in every " +
      "workspace (they are claimed by instance, not by workspace), so a retry takes them over at " +
      "once instead of after the instance's heartbeat goes stale; once per process life. On Citus " +
      "it must become two statements: app_instances stays local on the coordinator",
    statement:
      "with gone as (delete from app_instances where id = $1 or seen_at < …) delete from idempotency_keys where claimed_by = $2 and response_status is null",
  },
];
