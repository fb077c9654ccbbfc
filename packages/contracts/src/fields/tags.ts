import { z } from "zod";
import { dedupeTags } from "./dedupe-tags";
import { normalizeTag } from "./normalize-tag";

export const TAG_MAX = 64;
export const TAGS_MAX = 100;

/**
 * One tag, normalized (normalizeTag: whitespace collapsed, separators and punctuation off the
 * ends) before its length is checked, so "ESG," is stored as "ESG" and 64 characters plus a
 * trailing comma still fit. `overwrite` keeps it a plain string schema for OpenAPI.
 */
export const Tag = z
  .string()
  .overwrite(normalizeTag)
  .min(1, "Must not be empty")
  .max(TAG_MAX, `At most ${TAG_MAX} characters`);

export const Tags = z.array(Tag).max(TAGS_MAX, `At most ${TAGS_MAX} tags`).transform(dedupeTags);
