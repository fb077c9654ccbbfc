import { createHash } from "node:crypto";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type Database,
  type IdempotencyKeyId,
  type IdempotencyRecord,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyKey,
} from "@contacts/db";
import type { Actor } from "../actor";
import { logger } from "../logger";
import { type Answer, answerText, TextAnswer } from "./answer";
import type { RefuseWith } from "./api-pipeline";
import { holdInstanceAlive, INSTANCE_ID, INSTANCE_STALE_SECONDS } from "./app-instance";
import { trpcRefusal } from "./error-response";

/** How long a key and its stored response are kept (docs/decisions.md). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** A key whose request has run this long without a response belonged to a process that died. */
export const IDEMPOTENCY_ABANDONED_SECONDS = 120;
/** Procedures whose response carries a secret: never stored (docs/security.md). */
const SECRET_RESPONSES: ReadonlySet<string> = new Set(["apiKey.create", "user.invite"]);
/** How long a retry waits for the first request with its key to finish before giving up. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 50;
/** One claim in this many also purges expired keys, so the table stays small without a cron. */
const PURGE_EVERY = 200;

export const IDEMPOTENCY_HEADER = "idempotency-key";
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The request body as read, so it is hashed exactly as it was sent. */
  body: Uint8Array;
  db: Database;
  /** The procedure path(s) of the URL, e.g. "contact.update" or "contact.create,contact.update". */
  procedure: string;
  /** Who sent it: a key is only ever replayed to the caller that used it first. */
  actor: Actor;
  /** Answers a refusal in the transport's error format; tRPC's by default. */
  refuse?: RefuseWith;
}

type KeyId = IdempotencyKeyId;

const replay = (record: IdempotencyRecord, refuse: RefuseWith) =>
  record.responseBody === null
    ? refuse(
        "CONFLICT",
        "A request with this Idempotency-Key already ran; its response held a secret and was not kept, so it cannot be replayed",
        "IDEMPOTENT_RESPONSE_NOT_KEPT",
      )
    : new TextAnswer(
        record.responseStatus ?? 200,
        new Headers({ "content-type": "application/json", "idempotent-replayed": "true" }),
        record.responseBody,
      );

/**
 * Idempotency-Key for mutations (POST): the first request with a key runs and its response
 * is stored; a retry by the same caller with the same key and the same procedure and body
 * gets that response again without running anything; the same key with another request is a
 * 409. A key is the caller's own (workspace, actor type and id): another caller's same key is
 * another key. A 5xx or 429 is not stored, so a retry runs again. A response holding a
 * secret (a new API key) is never stored: a retry learns that the request ran, not the
 * secret. Keys are kept for 24 hours. A retry that arrives while the first is still running
 * waits for it (up to 10 s).
 *
 * The stored response is written after the procedure's own transaction, so a process that
 * dies in between leaves the key "running": a retry takes it over once that process's
 * `app_instances` stamp is stale (INSTANCE_STALE_SECONDS), or at once after a clean shutdown.
 */
export async function withIdempotency(r: IdempotentRequest, run: () => Promise<Answer>): Promise<Answer> {
  // Writes only: POST (tRPC mutations, REST creates), PATCH and PUT (REST).
  const writes = r.method !== "GET" && r.method !== "HEAD";
  const key = writes ? r.headers.get(IDEMPOTENCY_HEADER) : null;
  if (key === null) return run();
  const refuse = r.refuse ?? trpcRefusal(r.procedure);
  if (!KEY_PATTERN.test(key)) {
    return refuse(
      "BAD_REQUEST",
      "Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice)",
      "INVALID_IDEMPOTENCY_KEY",
    );
  }
  const requestHash = createHash("sha256")
    .update(`${r.procedure}\n${r.url.search}\n`)
    .update(r.body)
    .digest("hex");
  const id: KeyId = { workspaceId: r.actor.workspaceId, actorType: r.actor.type, actorId: r.actor.id, key };

  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  const release = holdInstanceAlive(r.db);
  try {
    for (;;) {
      const held = await claimIdempotencyKey(r.db, {
        ...id,
        procedure: r.procedure,
        requestHash,
        instanceId: INSTANCE_ID,
        ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
        abandonSeconds: IDEMPOTENCY_ABANDONED_SECONDS,
        instanceStaleSeconds: INSTANCE_STALE_SECONDS,
      });
      if (held === null) return await runAndStore(r, id, run);
      if (held.procedure !== r.procedure || held.requestHash !== requestHash) {
        return refuse(
          "CONFLICT",
          "This Idempotency-Key was already used for a different request; use a new key for a new request",
          "IDEMPOTENCY_KEY_REUSED",
        );
      }
      if (held.responseStatus !== null) return replay(held, refuse);
      if (Date.now() >= deadline) {
        return refuse(
          "CONFLICT",
          "A request with this Idempotency-Key is still being processed; retry later",
          "IDEMPOTENCY_KEY_IN_PROGRESS",
        );
      }
      // Still running elsewhere: claim again shortly, which also takes the key over if the
      // instance running it has died meanwhile.
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    release();
  }
}

/** Procedures whose response holds a secret, so it is never stored for a replay. */
function holdsSecret(procedure: string): boolean {
  return procedure.split(",").some((p) => SECRET_RESPONSES.has(p));
}

async function runAndStore(r: IdempotentRequest, id: KeyId, run: () => Promise<Answer>): Promise<Answer> {
  if (Math.random() * PURGE_EVERY < 1) {
    purgeExpiredIdempotencyKeys(r.db, IDEMPOTENCY_TTL_SECONDS).catch((err) =>
      logger.warn({ err }, "purging expired idempotency keys failed"),
    );
  }
  let response: Answer;
  try {
    response = await run();
  } catch (err) {
    await releaseIdempotencyKey(r.db, id);
    throw err;
  }
  const body = await answerText(response);
  if (response.status >= 500 || response.status === 429) {
    await releaseIdempotencyKey(r.db, id);
  } else {
    await completeIdempotencyKey(r.db, {
      ...id,
      status: response.status,
      body: holdsSecret(r.procedure) ? null : body,
    });
  }
  return new TextAnswer(response.status, response.headers, body);
}
