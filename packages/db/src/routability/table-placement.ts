import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as schema from "../schema";

/**
 * Where each table lives on a Citus cluster (docs/scaling-citus.md):
 * - `distributed`: sharded by `workspace_id`, all colocated, so one workspace's rows of every
 *   table sit on one node and a statement pinned to one workspace is routed to it alone;
 * - `reference`: one copy on every node, joinable with any shard (small, read-mostly, or read
 *   by something other than a workspace id: a user by email, a session by its token);
 * - `local`: on the coordinator only, never joined with workspace data.
 */
export type Placement = "distributed" | "reference" | "local";

/**
 * The tables that are NOT distributed by workspace, each with why. Every other table of the
 * schema that has a `workspace_id` column is distributed by it; a table without one must be
 * listed here, or `tablePlacements` throws (a new global table is a decision, not a default).
 */
export const GLOBAL_TABLES = {
  workspaces: {
    placement: "reference",
    why: "the tenants themselves: read by slug and id with no workspace key to route by",
  },
  users: {
    placement: "reference",
    why: "better-auth finds a user by email alone at sign-in (email is unique across workspaces)",
  },
  sessions: {
    placement: "reference",
    why: "better-auth finds a session by its token alone on every browser request",
  },
  accounts: {
    placement: "reference",
    why: "read by better-auth with users (a reference table joins only reference tables)",
  },
  invites: {
    placement: "reference",
    why: "an invite is accepted by its token alone, before anyone's workspace is known",
  },
  rate_limits: {
    placement: "local",
    why: "counters keyed by address or email, counted before anyone's workspace is known",
  },
  app_instances: {
    placement: "local",
    why: "the running server processes: the deployment, not customer data",
  },
} as const satisfies Record<string, { placement: Exclude<Placement, "distributed">; why: string }>;

export interface TableInfo {
  placement: Placement;
  columns: readonly string[];
}

const WORKSPACE_COLUMN = "workspace_id";

/** Every table of the drizzle schema, by SQL name, with its placement and columns. */
export function tablePlacements(): Map<string, TableInfo> {
  const tables = new Map<string, TableInfo>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    const columns = config.columns.map((c) => c.name);
    const global = (GLOBAL_TABLES as Record<string, { placement: Placement }>)[config.name];
    if (global) {
      tables.set(config.name, { placement: global.placement, columns });
      continue;
    }
    if (!columns.includes(WORKSPACE_COLUMN))
      throw new Error(
        `table ${config.name} has no workspace_id and is not in GLOBAL_TABLES: say whether it is a reference or a local table`,
      );
    tables.set(config.name, { placement: "distributed", columns });
  }
  return tables;
}
