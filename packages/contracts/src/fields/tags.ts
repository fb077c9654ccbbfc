import { z } from "zod";
import { dedupeTags } from "./dedupe-tags";

export const TAG_MAX = 64;
export const TAGS_MAX = 100;

export const Tag = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(TAG_MAX, `At most ${TAG_MAX} characters`);

export const Tags = z.array(Tag).max(TAGS_MAX, `At most ${TAGS_MAX} tags`).transform(dedupeTags);
