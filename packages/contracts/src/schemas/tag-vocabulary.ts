import { z } from "zod";
import { normalizeTag } from "../fields/normalize-tag";
import { TAG_MAX, TAGS_MAX, Tag } from "../fields/tags";

export const TAG_LIST_LIMIT_MAX = 1000;
export const TAG_LIST_LIMIT_DEFAULT = 100;

/**
 * tag.list: the workspace's tags, most used first. `prefix` matches the start of a tag,
 * case-insensitively, normalized as a tag is (so a typed "esg," still suggests "ESG").
 */
export const ListTagsInput = z.strictObject({
  prefix: z
    .string()
    .max(200, "At most 200 characters")
    .overwrite(normalizeTag)
    .transform((s) => (s === "" ? undefined : s))
    .optional(),
  limit: z
    .int("Must be a whole number")
    .min(1, "At least 1")
    .max(TAG_LIST_LIMIT_MAX, `At most ${TAG_LIST_LIMIT_MAX}`)
    .default(TAG_LIST_LIMIT_DEFAULT),
});
export type ListTagsInput = z.output<typeof ListTagsInput>;

export const TagCount = z.object({
  /** The spelling most contacts carry (ties: the first in code-point order). */
  name: z.string(),
  /** Live contacts (not in the bin, merged or erased) carrying it, in any case. */
  count: z.int(),
});
export type TagCount = z.infer<typeof TagCount>;

export const TagList = z.object({ items: z.array(TagCount) });
export type TagList = z.infer<typeof TagList>;

const DryRun = z.boolean().default(false);

/**
 * A tag as stored, to match (case-insensitively): only trimmed, not normalized, so a tag
 * saved before normalization ("ESG,") can still be named and renamed into a clean one.
 */
export const StoredTag = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(TAG_MAX, `At most ${TAG_MAX} characters`);

/** tag.rename: every contact carrying `from` (any case) carries `to` instead, where it was. */
export const RenameTagInput = z.strictObject({ from: StoredTag, to: Tag, dryRun: DryRun });
export type RenameTagInput = z.output<typeof RenameTagInput>;

/** tag.merge: every contact carrying any of `from` (any case) carries `into` once instead. */
export const MergeTagsInput = z.strictObject({
  from: z.array(StoredTag).min(1, "At least one tag").max(TAGS_MAX, `At most ${TAGS_MAX} tags`),
  into: Tag,
  dryRun: DryRun,
});
export type MergeTagsInput = z.output<typeof MergeTagsInput>;

export const RetagOutput = z.object({
  /** Contacts that got a new version (with dryRun: that would). */
  changed: z.int(),
});
export type RetagOutput = z.infer<typeof RetagOutput>;
