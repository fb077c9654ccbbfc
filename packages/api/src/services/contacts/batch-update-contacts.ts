import {
  type BatchItemResult,
  type BatchUpdateInput,
  type BatchUpdateOutput,
  type Contact,
  toErrorIssues,
  UpdateContactInput,
} from "@contacts/contracts";
import {
  type Database,
  lockContacts,
  PG_DEADLOCK_DETECTED,
  PG_FOREIGN_KEY_VIOLATION,
  PG_SERIALIZATION_FAILURE,
  PG_UNIQUE_VIOLATION,
  pgErrorOf,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "../../errors";
import { toBatchItemError } from "./batch-item-error";
import { oneWriterPerContact } from "./one-writer-per-contact";
import { updateContact } from "./update-contact";

/** Items of a non-atomic batch written at once; the pool of postgres.js is 10 by default. */
const CONCURRENCY = 8;
const ATOMIC_ATTEMPTS = 4;

export interface BatchOptions {
  /** Called with an item's unexpected error (our bug); the item answers INTERNAL_SERVER_ERROR. */
  onUnexpectedError?: (err: unknown, index: number) => void;
}

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
  db: Database,
  actor: Actor,
  input: BatchUpdateInput,
  options: BatchOptions = {},
): Promise<BatchUpdateOutput> {
  if (!input.atomic) return batchEach(db, actor, input.items, options);
  // Every contact's turn first (see oneWriterPerContact), so no waiter holds a connection.
  const ids = input.items.flatMap((item) => idOf(item) ?? []);
  return oneWriterPerContact(db, actor.workspaceId, ids, () => batchAtomic(db, actor, input.items));
}

async function batchEach(
  db: Database,
  actor: Actor,
  items: unknown[],
  options: BatchOptions,
): Promise<BatchUpdateOutput> {
  const results: BatchItemResult[] = new Array(items.length);
  const tailById = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();

  const runItem = async (index: number) => {
    try {
      const item = UpdateContactInput.parse(items[index]);
      results[index] = { ok: true, contact: await updateContact(db, actor, item) };
    } catch (err) {
      const error = toBatchItemError(err);
      if (!error) options.onUnexpectedError?.(err, index);
      results[index] = {
        ok: false,
        error: error ?? { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" },
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
    const parsed = UpdateContactInput.safeParse(item);
    if (parsed.success) return parsed.data;
    throw new ValidationError(
      toErrorIssues(parsed.error.issues).map((i) => ({ ...i, path: ["items", index, ...i.path] })),
    );
  });
}

/** A failure of item `index`, said so: issues under `["items", index]`, or `details.index`. */
function atItem(err: unknown, index: number): unknown {
  if (err instanceof ValidationError) {
    return new ValidationError(err.issues.map((i) => ({ ...i, path: ["items", index, ...i.path] })));
  }
  if (err instanceof NotFoundError) return new ItemError("NOT_FOUND", index, err);
  if (err instanceof ConflictError) return new ItemError("CONFLICT", index, err);
  if (err instanceof DomainError) return new ItemError(err.code, index, err);
  return err;
}

class ItemError extends DomainError {
  override readonly details: Record<string, unknown>;
  constructor(
    readonly code: DomainError["code"],
    index: number,
    cause: DomainError,
  ) {
    super(`items.${index}: ${cause.message}`);
    this.name = "BatchItemError";
    this.details = { ...cause.details, index };
  }
}

const TRANSIENT = new Set([
  PG_SERIALIZATION_FAILURE,
  PG_DEADLOCK_DETECTED,
  PG_UNIQUE_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  // "current transaction is aborted": a retryable error met inside the transaction.
  "25P02",
]);

async function batchAtomic(db: Database, actor: Actor, rawItems: unknown[]): Promise<BatchUpdateOutput> {
  const items = validateAll(rawItems);
  const ids = [...new Set(items.map((i) => i.id))].sort();
  for (let attempt = 1; ; attempt++) {
    try {
      const contacts = await db.transaction(async (tx) => {
        await lockContacts(tx, actor.workspaceId, ids);
        const out: Contact[] = [];
        for (const [index, item] of items.entries()) {
          try {
            // The transaction is a Database for the service: its own retries never need a
            // nested transaction here, since the rows are already locked.
            out.push(await updateContact(tx as unknown as Database, actor, item));
          } catch (err) {
            throw atItem(err, index);
          }
        }
        return out;
      });
      return { results: contacts.map((contact) => ({ ok: true as const, contact })) };
    } catch (err) {
      const code = pgErrorOf(err)?.code;
      if (code === undefined || !TRANSIENT.has(code)) throw err;
      if (attempt >= ATOMIC_ATTEMPTS) {
        throw new ConflictError("The batch kept colliding with concurrent writes; try again");
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
