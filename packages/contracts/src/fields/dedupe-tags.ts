/**
 * Drops case-insensitive duplicates, keeping the first spelling and the order given. Kept
 * apart from the zod schema so the browser's tag input can apply the same rule without zod.
 */
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
