import type { BatchItemError } from "@contacts/contracts";
import { logger } from "../../logger";
import { toBatchItemError } from "./batch-item-error";

/** Items of a non-atomic batch written at once; the pool of postgres.js is 10 by default. */
const CONCURRENCY = 8;

/**
 * Runs each item of a non-atomic batch on its own (batchUpdate, batchDelete): up to
 * CONCURRENCY at once, items naming the same contact one after the other in input order,
 * one result per item in input order. A failed item answers the error it would have had as a
 * single call; anything else is our bug, logged here and answered without its words.
 */
export async function runEachItem<I, R>(
  items: readonly I[],
  contactIdOf: (item: I) => string | undefined,
  run: (item: I) => Promise<R>,
  failed: (error: BatchItemError) => R,
  procedure: string,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const tailById = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();

  const runItem = async (index: number) => {
    try {
      results[index] = await run(items[index] as I);
    } catch (err) {
      const error = toBatchItemError(err);
      if (!error) logger.error({ err, procedure, index }, "batch item failed");
      results[index] = failed(
        error ?? {
          code: "INTERNAL_SERVER_ERROR",
          reason: "INTERNAL_ERROR",
          message: "Internal server error",
        },
      );
    }
  };

  for (let index = 0; index < items.length; index++) {
    const id = contactIdOf(items[index] as I);
    const before = id === undefined ? undefined : tailById.get(id);
    const task = (before ?? Promise.resolve()).then(() => runItem(index));
    if (id !== undefined) tailById.set(id, task);
    running.add(task);
    void task.finally(() => running.delete(task));
    if (running.size >= CONCURRENCY) await Promise.race(running);
  }
  await Promise.all(running);
  return results;
}
