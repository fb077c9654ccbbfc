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

export const MULTI_SHARD_ALLOWLIST: readonly MultiShardStatement[] = [];
