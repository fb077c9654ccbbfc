import {
  type BatchItemResult,
  type BatchUpdateInput,
  type BatchUpdateOutput,
  type Contact,
  UpdateContactInput,
} from "@contacts/contracts";
import { type Executor, isTransientTransactionError, lockContacts } from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, DomainError, issuesAt, ValidationError } from "../../errors";
import { logger } from "../../logger";
import { toBatchItemError } from "./batch-item-error";
import { oneWriterPerContact } from "./one-writer-per-contact";
import { updateContact } from "./update-contact";

/** Items of a non-atomic batch written at once; the pool of postgres.js is 10 by default. */
const CONCURRENCY = 8;
const ATOMIC_ATTEMPTS = 4;

/**
 * contact.batchUpdate: the items of `contact.update` in one call.
 * - Not atomic: every item is validated and written on its own, exactly as `contact.update`
 *   would (same rules, history and retries); up to CONCURRENCY items are in flight at once,
 *   but items naming the same contact run one after the other, in input order.
 * - Atomic: one transaction. Every item is validated first, then all the contacts are locked
 *   (one statement, in id order), then the items are written in input order. The first
 *   failure aborts the batch with that item's error, its index in the issue paths
 *   (`["items", 3, "data", "email"]`) or in `details.index`.
 */
export async function batchUpdateContacts(
  db: Executor,
  actor: Actor,
  input: BatchUpdateInput,
): Promise<BatchUpdateOutput> {
  if (!input.atomic) return batchEach(db, actor, input.items);
  // Every contact's turn first (see oneWriterPerContact), so no waiter holds a connection.
  const ids = input.items.flatMap((item) => idOf(item) ?? []);
  return oneWriterPerContact(db, actor.workspaceId, ids, () => batchAtomic(db, actor, input.items));
}

async function batchEach(db: Executor, actor: Actor, items: unknown[]): Promise<BatchUpdateOutput> {
  const results: BatchItemResult[] = new Array(items.length);
  const tailById = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();

  const runItem = async (index: number) => {
    try {
      const item = UpdateContactInput.parse(items[index]);
      results[index] = { ok: true, contact: await updateContact(db, actor, item) };
    } catch (err) {
      const error = toBatchItemError(err);
      // Our bug, not the caller's: logged here, answered without its words.
      if (!error) logger.error({ err, procedure: "contact.batchUpdate", index }, "batch item failed");
      results[index] = {
        ok: false,
        error: error ?? {
          code: "INTERNAL_SERVER_ERROR",
          reason: "INTERNAL_ERROR",
          message: "Internal server error",
        },
      };
    }
  };

  for (let index = 0; index < items.length; index++) {
    const id = idOf(items[index]);
    const before = id === undefined ? undefined : tailById.get(id);
    const task = (before ?? Promise.resolve()).then(() => runItem(index));
    if (id !== undefined) tailById.set(id, task);
    running.add(task);
    void task.finally(() => running.delete(task));
    if (running.size >= CONCURRENCY) await Promise.race(running);
  }
  await Promise.all(running);
  return { results };
}

const idOf = (item: unknown): string | undefined => {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
};

function validateAll(items: unknown[]): UpdateContactInput[] {
  return items.map((item, index) => {
    try {
      return UpdateContactInput.parse(item);
    } catch (err) {
      throw issuesAt(["items", index], err);
    }
  });
}

/** A failure of item `index`, said so: issues under `["items", index]`, or `details.index`. */
function atItem(err: unknown, index: number): unknown {
  const error = issuesAt(["items", index], err);
  if (error instanceof ValidationError || !(error instanceof DomainError)) return error;
  return new ItemError(index, error);
}

class ItemError extends DomainError {
  readonly code: DomainError["code"];
  readonly reason: DomainError["reason"];
  override readonly details: DomainError["details"];
  constructor(index: number, cause: DomainError) {
    super(`items.${index}: ${cause.message}`);
    this.name = "BatchItemError";
    this.code = cause.code;
    this.reason = cause.reason;
    this.details = { ...cause.details, index };
  }
}

async function batchAtomic(db: Executor, actor: Actor, rawItems: unknown[]): Promise<BatchUpdateOutput> {
  const items = validateAll(rawItems);
  const ids = [...new Set(items.map((i) => i.id))].sort();
  for (let attempt = 1; ; attempt++) {
    try {
      const contacts = await db.transaction(async (tx) => {
        await lockContacts(tx, actor.workspaceId, ids);
        const out: Contact[] = [];
        for (const [index, item] of items.entries()) {
          try {
            // The rows are locked, so the update's own retries never need its savepoint here.
            out.push(await updateContact(tx, actor, item));
          } catch (err) {
            throw atItem(err, index);
          }
        }
        return out;
      });
      return { results: contacts.map((contact) => ({ ok: true as const, contact })) };
    } catch (err) {
      if (!isTransientTransactionError(err)) throw err;
      if (attempt >= ATOMIC_ATTEMPTS) {
        throw new ConflictError(
          "WRITE_CONTENTION",
          "The batch kept colliding with concurrent writes; try again",
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
