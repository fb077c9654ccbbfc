import { z } from "zod";
import { Contact } from "./contact";
import { ErrorDetails, ErrorReason } from "./error-data";
import { ErrorIssue } from "./error-issues";
import type { UpdateContactInput } from "./update-contact-request";

export const BATCH_UPDATE_MAX = 500;

/**
 * One item of `contact.batchUpdate`: the input of `contact.update`. The batch checks only
 * that each item is an object; each item is then validated on its own with
 * `UpdateContactInput`, so one bad item fails alone (or, when atomic, aborts the batch with
 * issues under `["items", index, ...]`).
 */
export const BatchUpdateItem = z.custom<z.input<typeof UpdateContactInput>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  { message: "Must be an object { id, data, expectedVersion? }" },
);

export const BatchUpdateInput = z.strictObject({
  items: z
    .array(BatchUpdateItem)
    .min(1, "At least one item")
    .max(BATCH_UPDATE_MAX, `At most ${BATCH_UPDATE_MAX} items`),
  /** All or nothing, in one transaction; the first failing item aborts the batch. */
  atomic: z.boolean().default(false),
});
export type BatchUpdateInput = z.output<typeof BatchUpdateInput>;
export type BatchUpdateInputRaw = z.input<typeof BatchUpdateInput>;

/** Why one item failed: the tRPC code, reason and message it would have had as a single update. */
export const BatchItemError = z.object({
  code: z.string(),
  reason: ErrorReason,
  message: z.string(),
  /** Validation problems, paths relative to the item (e.g. `["data", "email"]`). */
  issues: z.array(ErrorIssue).optional(),
  /** Facts such as the contact holding a reference or the current version. */
  details: ErrorDetails.optional(),
});
export type BatchItemError = z.infer<typeof BatchItemError>;

export const BatchItemResult = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), contact: Contact }),
  z.object({ ok: z.literal(false), error: BatchItemError }),
]);
export type BatchItemResult = z.infer<typeof BatchItemResult>;

/** One result per item, in input order. */
export const BatchUpdateOutput = z.object({ results: z.array(BatchItemResult) });
export type BatchUpdateOutput = z.infer<typeof BatchUpdateOutput>;
