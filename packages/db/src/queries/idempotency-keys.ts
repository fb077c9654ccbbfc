import { sql } from "drizzle-orm";
import type { Executor } from "../client";
import { queryRows } from "../rows";

export interface IdempotencyRecord {
  procedure: string;
  requestHash: string;
  /** Null while the first request is still running. */
  responseStatus: number | null;
  responseBody: string | null;
}

/**
 * Claims `key` for a request, in one statement: inserts it, or takes over a row that has
 * expired (older than `ttlSeconds`) or was abandoned while running (no response after
 * `abandonSeconds`: its process died). Answers null when the claim succeeded, else the
 * live row that holds the key — also when a concurrent claim won the race for a new key.
 */
export async function claimIdempotencyKey(
  db: Executor,
  p: {
    workspaceId: string;
    key: string;
    procedure: string;
    requestHash: string;
    ttlSeconds: number;
    abandonSeconds: number;
  },
): Promise<IdempotencyRecord | null> {
  const rows = await queryRows<IdempotencyRecord & { claimed: boolean }>(
    db,
    sql`with claim as (
  insert into idempotency_keys (workspace_id, key, procedure, request_hash)
  values (${p.workspaceId}, ${p.key}, ${p.procedure}, ${p.requestHash})
  on conflict (workspace_id, key) do update
     set procedure = excluded.procedure, request_hash = excluded.request_hash,
         response_status = null, response_body = null, created_at = now()
   where idempotency_keys.created_at < now() - make_interval(secs => ${p.ttlSeconds}::double precision)
      or (idempotency_keys.response_status is null
          and idempotency_keys.created_at < now() - make_interval(secs => ${p.abandonSeconds}::double precision))
  returning 1
)
select true as claimed, null as procedure, null as "requestHash", null::int as "responseStatus", null as "responseBody"
  from claim
union all
select false, k.procedure, k.request_hash, k.response_status, k.response_body
  from idempotency_keys k
 where k.workspace_id = ${p.workspaceId} and k.key = ${p.key} and not exists (select 1 from claim)`,
  );
  const row = rows[0];
  if (!row) {
    // Neither claimed nor seen: a concurrent claim committed the key while this statement
    // waited on it, after this statement's snapshot was taken. Read it with a fresh one.
    const held = await getIdempotencyRecord(db, p.workspaceId, p.key);
    return held ?? claimIdempotencyKey(db, p);
  }
  if (row.claimed) return null;
  return {
    procedure: row.procedure,
    requestHash: row.requestHash,
    responseStatus: row.responseStatus,
    responseBody: row.responseBody,
  };
}

/** Reads the row of a key (to wait for a request that is still running). */
export async function getIdempotencyRecord(
  db: Executor,
  workspaceId: string,
  key: string,
): Promise<IdempotencyRecord | null> {
  const rows = await queryRows<IdempotencyRecord>(
    db,
    sql`select procedure, request_hash as "requestHash", response_status as "responseStatus",
               response_body as "responseBody"
          from idempotency_keys where workspace_id = ${workspaceId} and key = ${key}`,
  );
  return rows[0] ?? null;
}

export async function completeIdempotencyKey(
  db: Executor,
  p: { workspaceId: string; key: string; status: number; body: string },
): Promise<void> {
  await db.execute(
    sql`update idempotency_keys set response_status = ${p.status}, response_body = ${p.body}
         where workspace_id = ${p.workspaceId} and key = ${p.key}`,
  );
}

/** Frees a key whose request failed in a way worth retrying (a 5xx or a 429). */
export async function releaseIdempotencyKey(db: Executor, workspaceId: string, key: string): Promise<void> {
  await db.execute(
    sql`delete from idempotency_keys
         where workspace_id = ${workspaceId} and key = ${key} and response_status is null`,
  );
}

/** Deletes expired keys; answers how many. */
export async function purgeExpiredIdempotencyKeys(db: Executor, ttlSeconds: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with d as (delete from idempotency_keys where created_at < now() - make_interval(secs => ${ttlSeconds}::double precision) returning 1)
        select count(*)::int as n from d`,
  );
  return rows[0]?.n ?? 0;
}
