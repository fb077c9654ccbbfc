/**
 * What surrounds a tag but is never part of it: whitespace, list separators and sentence
 * punctuation, so a pasted "ESG," or "; Nordics." is the tag people meant. Only at the ends:
 * "U.S. equities" and "Tier 1.5" keep their inner dots. Full-width forms are included because
 * tags are pasted from documents written in any script.
 */
const EDGE_PUNCTUATION = /^[\s,;.:|，；。：、•·]+|[\s,;.:|，；。：、•·]+$/gu;

/** Trimmed, inner whitespace collapsed to one space, separators and punctuation off both ends. */
export function normalizeTag(raw: string): string {
  return raw.replace(/\s+/gu, " ").replace(EDGE_PUNCTUATION, "");
}

/** Where a pasted or typed list of tags splits: commas, semicolons, line breaks, tabs, bars. */
const TAG_SEPARATORS = /[,;\n\r\t|，；、]/u;

/**
 * The tags in text a person typed or pasted ("ESG, Nordics; Tier 1" → three tags), each
 * normalized, empty pieces dropped. Dots do not split ("U.S. equities" is one tag). The
 * browser's tag input uses this; the API receives tags already split, one string each.
 */
export function splitTagInput(text: string): string[] {
  return text
    .split(TAG_SEPARATORS)
    .map(normalizeTag)
    .filter((t) => t !== "");
}
