import { z } from "zod";
import { Id } from "../fields/id";
import { BatchItemError } from "./batch-update";
import { SCALAR_FIELDS, type ScalarField } from "./contact-field-kinds";

const ExpectedVersion = z.int("Must be a whole number").min(1, "At least 1");

/** contact.delete: moves a contact to the bin (docs/api.md §6.9). */
export const DeleteContactInput = z.strictObject({ id: Id, expectedVersion: ExpectedVersion.optional() });
export type DeleteContactInput = z.output<typeof DeleteContactInput>;

export const DeleteContactOutput = z.object({
  id: z.string(),
  /** The contact's version the deletion produced (restore bumps it again). */
  version: z.int(),
  deletedAt: z.iso.datetime(),
});
export type DeleteContactOutput = z.infer<typeof DeleteContactOutput>;

/** contact.restore: takes a contact out of the bin, with the references it held. */
export const RestoreContactInput = z.strictObject({ id: Id });
export type RestoreContactInput = z.output<typeof RestoreContactInput>;

export const BATCH_DELETE_MAX = 500;

/** contact.batchDelete: up to 500 ids, each deleted on its own (one result per id). */
export const BatchDeleteInput = z.strictObject({
  ids: z.array(Id).min(1, "At least one id").max(BATCH_DELETE_MAX, `At most ${BATCH_DELETE_MAX} ids`),
});
export type BatchDeleteInput = z.output<typeof BatchDeleteInput>;

export const BatchDeleteItemResult = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), deleted: DeleteContactOutput }),
  z.object({ ok: z.literal(false), error: BatchItemError }),
]);
export type BatchDeleteItemResult = z.infer<typeof BatchDeleteItemResult>;

/** One result per id, in input order. */
export const BatchDeleteOutput = z.object({ results: z.array(BatchDeleteItemResult) });
export type BatchDeleteOutput = z.infer<typeof BatchDeleteOutput>;

/** contact.erase: the contact's personal data removed for good (docs/api.md §6.15). */
export const EraseContactInput = z.strictObject({ id: Id });
export type EraseContactInput = z.output<typeof EraseContactInput>;

export const EraseContactOutput = z.object({ id: z.string(), erasedAt: z.iso.datetime() });
export type EraseContactOutput = z.infer<typeof EraseContactOutput>;

/** Whose value a merged scalar field takes. */
export const MergeSide = z.enum(["survivor", "merged"], 'Must be "survivor" or "merged"');
export type MergeSide = z.infer<typeof MergeSide>;

/** A side per scalar field; lists are always united. Unknown keys are refused by name. */
export const MergeFieldChoices = z.strictObject(
  Object.fromEntries(SCALAR_FIELDS.map((f) => [f, MergeSide.optional()])) as Record<
    ScalarField,
    z.ZodOptional<typeof MergeSide>
  >,
);
export type MergeFieldChoices = z.output<typeof MergeFieldChoices>;

/** contact.merge: folds `mergedId` into `survivorId` (docs/api.md §6.16). */
export const MergeContactsInput = z
  .strictObject({
    survivorId: Id,
    mergedId: Id,
    fields: MergeFieldChoices.optional(),
    expectedVersions: z
      .strictObject({ survivor: ExpectedVersion.optional(), merged: ExpectedVersion.optional() })
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.survivorId === input.mergedId) {
      ctx.addIssue({ code: "custom", path: ["mergedId"], message: "A contact cannot be merged into itself" });
    }
  });
export type MergeContactsInput = z.output<typeof MergeContactsInput>;
