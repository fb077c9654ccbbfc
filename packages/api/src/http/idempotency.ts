import { createHash } from "node:crypto";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type Database,
  getIdempotencyRecord,
  type IdempotencyRecord,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyKey,
} from "@contacts/db";
import type { Actor } from "../actor";
import { logger } from "../logger";
import { errorResponse } from "./error-response";

/** How long a key and its stored response are kept (docs/decisions.md). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** A key whose request has run this long without a response belonged to a process that died. */
export const IDEMPOTENCY_ABANDONED_SECONDS = 120;
/** How long a retry waits for the first request with its key to finish before giving up. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 50;
/** One claim in this many also purges expired keys, so the table stays small without a cron. */
const PURGE_EVERY = 200;

export const IDEMPOTENCY_HEADER = "idempotency-key";
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentRequest {
  req: Request;
  /** The request body as read, so it is hashed exactly as it was sent. */
  body: Uint8Array;
  getDb: () => Promise<Database>;
  /** The procedure path(s) of the URL, e.g. "contact.update" or "contact.create,contact.update". */
  procedure: string;
  /** Resolves the caller: keys are per workspace, so an unauthenticated request has none. */
  authenticate: (db: Database) => Promise<Actor | null>;
}

const replay = (record: IdempotencyRecord) =>
  new Response(record.responseBody, {
    status: record.responseStatus ?? 200,
    headers: { "content-type": "application/json", "idempotent-replayed": "true" },
  });

/**
 * Idempotency-Key for mutations (POST): the first request with a key runs and its response
 * is stored; a retry with the same key and the same procedure and body gets that response
 * again without running anything; the same key with another request is a 409. A 5xx or 429
 * is not stored, so a retry runs again. Keys are per workspace and kept for 24 hours.
 * A retry that arrives while the first is still running waits for it (up to 10 s).
 *
 * Limits: the stored response is written after the procedure's own transaction, so a
 * process that dies in between leaves the key "running"; after two minutes a retry takes it
 * over and runs the request again.
 */
export async function withIdempotency(r: IdempotentRequest, run: () => Promise<Response>): Promise<Response> {
  const key = r.req.method === "POST" ? r.req.headers.get(IDEMPOTENCY_HEADER) : null;
  if (key === null) return run();
  let db: Database;
  try {
    db = await r.getDb();
  } catch (err) {
    logger.error({ err, procedure: r.procedure }, "database unavailable");
    return errorResponse(
      "INTERNAL_SERVER_ERROR",
      "Internal server error",
      r.procedure,
      "DATABASE_UNAVAILABLE",
    );
  }
  return idempotent({ ...r, db }, key, run);
}

async function idempotent(
  r: IdempotentRequest & { db: Database },
  key: string,
  run: () => Promise<Response>,
): Promise<Response> {
  if (!KEY_PATTERN.test(key)) {
    return errorResponse(
      "BAD_REQUEST",
      "Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice)",
      r.procedure,
      "INVALID_IDEMPOTENCY_KEY",
    );
  }
  const actor = await r.authenticate(r.db);
  // Unauthenticated: nothing is stored, the router answers 401 as usual.
  if (!actor) return run();
  const requestHash = createHash("sha256")
    .update(`${r.procedure}\n${new URL(r.req.url).search}\n`)
    .update(r.body)
    .digest("hex");
  const ids = { workspaceId: actor.workspaceId, key };

  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const held = await claimIdempotencyKey(r.db, {
      ...ids,
      procedure: r.procedure,
      requestHash,
      ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
      abandonSeconds: IDEMPOTENCY_ABANDONED_SECONDS,
    });
    if (held === null) return runAndStore(r, ids, run);
    if (held.procedure !== r.procedure || held.requestHash !== requestHash) {
      return errorResponse(
        "CONFLICT",
        "This Idempotency-Key was already used for a different request; use a new key for a new request",
        r.procedure,
        "IDEMPOTENCY_KEY_REUSED",
      );
    }
    let record: IdempotencyRecord | null = held;
    while (record && record.responseStatus === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      record = await getIdempotencyRecord(r.db, ids.workspaceId, key);
    }
    if (record && record.responseStatus !== null) return replay(record);
    if (record) {
      return errorResponse(
        "CONFLICT",
        "A request with this Idempotency-Key is still being processed; retry later",
        r.procedure,
        "IDEMPOTENCY_KEY_IN_PROGRESS",
      );
    }
    // The first request failed and released the key: claim it again.
  }
}

async function runAndStore(
  r: IdempotentRequest & { db: Database },
  ids: { workspaceId: string; key: string },
  run: () => Promise<Response>,
): Promise<Response> {
  if (Math.random() * PURGE_EVERY < 1) {
    purgeExpiredIdempotencyKeys(r.db, IDEMPOTENCY_TTL_SECONDS).catch((err) =>
      logger.warn({ err }, "purging expired idempotency keys failed"),
    );
  }
  let response: Response;
  try {
    response = await run();
  } catch (err) {
    await releaseIdempotencyKey(r.db, ids.workspaceId, ids.key);
    throw err;
  }
  const body = await response.text();
  if (response.status >= 500 || response.status === 429) {
    await releaseIdempotencyKey(r.db, ids.workspaceId, ids.key);
  } else {
    await completeIdempotencyKey(r.db, { ...ids, status: response.status, body });
  }
  return new Response(body, { status: response.status, headers: response.headers });
}
