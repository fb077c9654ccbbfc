import { z } from "zod";
import { Id } from "../fields/id";
import { BatchItemError } from "./batch-update";
import { ExternalRef } from "./external-ref";
import { ExpectedVersion, UpdateContactRequest } from "./update-contact-request";

/** Items of one `contact.bulkUpsert` call (also the request-cost ceiling of one request). */
export const BULK_UPSERT_MAX = 1000;

/**
 * One item of `contact.bulkUpsert`, which says by its keys what it does:
 * - `{ id, expectedVersion?, data }` updates that contact (`contact.update`'s rules);
 * - `{ ref: { namespace, id }, data }` updates the contact holding the reference, or creates
 *   one carrying it (`contact.upsertByExternalRef`'s rules);
 * - `{ data }` creates a contact (`contact.create`'s rules: an identity field is needed).
 * `data` follows update rules: omitted stays, null clears, lists are replaced whole.
 */
export const BulkUpsertItem = z
  .strictObject({
    id: Id.optional(),
    ref: ExternalRef.optional(),
    expectedVersion: ExpectedVersion.optional(),
    data: UpdateContactRequest,
  })
  .superRefine((item, ctx) => {
    if (item.id !== undefined && item.ref !== undefined) {
      ctx.addIssue({ code: "custom", path: ["ref"], message: "Give either id or ref, not both" });
    }
    if (item.expectedVersion !== undefined && item.id === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["expectedVersion"],
        message: "expectedVersion needs the contact's id",
      });
    }
  });
export type BulkUpsertItem = z.output<typeof BulkUpsertItem>;
export type BulkUpsertItemInput = z.input<typeof BulkUpsertItem>;

/**
 * The call checks only that each item is an object; each is then validated on its own with
 * `BulkUpsertItem`, so one bad item fails alone with issues relative to the item.
 */
const BulkUpsertItemShape = z.custom<BulkUpsertItemInput>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  { message: "Must be an object { id?, ref?, expectedVersion?, data }" },
);

export const BulkUpsertInput = z.strictObject({
  items: z
    .array(BulkUpsertItemShape)
    .min(1, "At least one item")
    .max(BULK_UPSERT_MAX, `At most ${BULK_UPSERT_MAX} items`),
});
export type BulkUpsertInput = z.output<typeof BulkUpsertInput>;

/**
 * What happened to one item. `superseded`: a later item of the same call names the same
 * contact (same id or same ref), so this one was not applied; `by` is that item's index
 * (last wins, as when the rows of a file are applied in order, but in one write).
 */
export const BulkUpsertOutcome = z.enum(["created", "updated", "unchanged", "superseded"]);
export type BulkUpsertOutcome = z.infer<typeof BulkUpsertOutcome>;

export const BulkUpsertResult = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    outcome: BulkUpsertOutcome,
    /** The contact written (for `superseded`, the one the winning item wrote, when it did). */
    id: Id.nullable(),
    /** Its version after the call (unchanged items: the stored version). */
    version: z.int().nullable(),
    /** For `superseded`: the index of the item that won. */
    by: z.int().optional(),
  }),
  z.object({ ok: z.literal(false), error: BatchItemError }),
]);
export type BulkUpsertResult = z.infer<typeof BulkUpsertResult>;

/** One result per item, in input order. */
export const BulkUpsertOutput = z.object({ results: z.array(BulkUpsertResult) });
export type BulkUpsertOutput = z.infer<typeof BulkUpsertOutput>;
