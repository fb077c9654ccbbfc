import { sql } from "drizzle-orm";
import type { Executor } from "../client";
import { queryRows } from "../rows";

/** Whose key it is: a key is the caller's own, so another caller's same key is another key. */
export interface IdempotencyKeyId {
  workspaceId: string;
  actorType: string;
  actorId: string;
  key: string;
}

export interface IdempotencyRecord {
  procedure: string;
  requestHash: string;
  /** Null while the first request is still running. */
  responseStatus: number | null;
  /** Null once answered when the response was not kept (it held a secret). */
  responseBody: string | null;
}

/**
 * Claims a key for a request, in one statement: inserts it, or takes over a row that has
 * expired (older than `ttlSeconds`) or was abandoned while running: no response after
 * `abandonSeconds`, or the instance that claimed it stopped stamping `app_instances` for
 * `instanceStaleSeconds` (it was killed). Only a claim at least that old is judged by its
 * claimer's stamp: this statement reads `app_instances` as of its start, which may predate a
 * concurrent claimer's first stamp (two instances sending one new key at once). Answers null when the claim succeeded, else the
 * live row that holds the key — also when a concurrent claim won the race for a new key.
 * It also stamps the claiming instance as alive.
 */
export async function claimIdempotencyKey(
  db: Executor,
  p: IdempotencyKeyId & {
    procedure: string;
    requestHash: string;
    instanceId: string;
    ttlSeconds: number;
    abandonSeconds: number;
    instanceStaleSeconds: number;
  },
): Promise<IdempotencyRecord | null> {
  const rows = await queryRows<IdempotencyRecord & { claimed: boolean }>(
    db,
    sql`with stamp as (
  insert into app_instances (id) values (${p.instanceId}) on conflict (id) do update set seen_at = now()
), claim as (
  insert into idempotency_keys (workspace_id, actor_type, actor_id, key, procedure, request_hash, claimed_by)
  values (${p.workspaceId}, ${p.actorType}, ${p.actorId}, ${p.key}, ${p.procedure}, ${p.requestHash}, ${p.instanceId})
  on conflict (workspace_id, actor_type, actor_id, key) do update
     set procedure = excluded.procedure, request_hash = excluded.request_hash,
         response_status = null, response_body = null, claimed_by = excluded.claimed_by, created_at = now()
   where idempotency_keys.created_at < now() - make_interval(secs => ${p.ttlSeconds}::double precision)
      or (idempotency_keys.response_status is null
          and (idempotency_keys.created_at < now() - make_interval(secs => ${p.abandonSeconds}::double precision)
               or (idempotency_keys.created_at < now() - make_interval(secs => ${p.instanceStaleSeconds}::double precision)
                   and not exists (
                     select 1 from app_instances i
                      where i.id = idempotency_keys.claimed_by
                        and i.seen_at > now() - make_interval(secs => ${p.instanceStaleSeconds}::double precision)))))
  returning 1
)
select true as claimed, null as procedure, null as "requestHash", null::int as "responseStatus", null as "responseBody"
  from claim
union all
select false, k.procedure, k.request_hash, k.response_status, k.response_body
  from idempotency_keys k
 where k.workspace_id = ${p.workspaceId} and k.actor_type = ${p.actorType} and k.actor_id = ${p.actorId}
   and k.key = ${p.key} and not exists (select 1 from claim)`,
  );
  const row = rows[0];
  if (!row) {
    // Neither claimed nor seen: a concurrent claim committed the key while this statement
    // waited on it, after this statement's snapshot was taken. Read it with a fresh one.
    const held = await getIdempotencyRecord(db, p);
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
  id: IdempotencyKeyId,
): Promise<IdempotencyRecord | null> {
  const rows = await queryRows<IdempotencyRecord>(
    db,
    sql`select procedure, request_hash as "requestHash", response_status as "responseStatus",
               response_body as "responseBody"
          from idempotency_keys
         where workspace_id = ${id.workspaceId} and actor_type = ${id.actorType} and actor_id = ${id.actorId}
           and key = ${id.key}`,
  );
  return rows[0] ?? null;
}

/** Stores the response of a key's request; `body` null keeps only that it was answered. */
export async function completeIdempotencyKey(
  db: Executor,
  p: IdempotencyKeyId & { status: number; body: string | null },
): Promise<void> {
  await db.execute(
    sql`update idempotency_keys set response_status = ${p.status}, response_body = ${p.body}
         where workspace_id = ${p.workspaceId} and actor_type = ${p.actorType} and actor_id = ${p.actorId}
           and key = ${p.key}`,
  );
}

/** Frees a key whose request failed in a way worth retrying (a 5xx or a 429), or never finished. */
export async function releaseIdempotencyKey(db: Executor, id: IdempotencyKeyId): Promise<void> {
  await db.execute(
    sql`delete from idempotency_keys
         where workspace_id = ${id.workspaceId} and actor_type = ${id.actorType} and actor_id = ${id.actorId}
           and key = ${id.key} and response_status is null`,
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
