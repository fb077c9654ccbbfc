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
];
