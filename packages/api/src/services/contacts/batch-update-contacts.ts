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
import { runEachItem } from "./batch-each";
import { oneWriterPerContact } from "./one-writer-per-contact";
import { updateContact } from "./update-contact";

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

function batchEach(db: Executor, actor: Actor, items: unknown[]): Promise<BatchUpdateOutput> {
  return runEachItem<unknown, BatchItemResult>(
    items,
    idOf,
    async (item) => ({ ok: true, contact: await updateContact(db, actor, UpdateContactInput.parse(item)) }),
    (error) => ({ ok: false, error }),
    "contact.batchUpdate",
  ).then((results) => ({ results }));
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
