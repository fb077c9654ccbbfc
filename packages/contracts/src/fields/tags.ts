import { z } from "zod";

export const TAG_MAX = 64;
export const TAGS_MAX = 100;

export const Tag = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(TAG_MAX, `At most ${TAG_MAX} characters`);

/** Drops case-insensitive duplicates, keeping the first spelling and the order given. */
export function dedupeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const key = tag.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(tag);
    }
  }
  return out;
}

export const Tags = z.array(Tag).max(TAGS_MAX, `At most ${TAGS_MAX} tags`).transform(dedupeTags);
