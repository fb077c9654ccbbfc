import { z } from "zod";

const LINKEDIN_INPUT_MAX = 500;
/** www., the mobile m., a country subdomain (se., uk., …) or none, on linkedin.com. */
const LINKEDIN_HOST = /^(?:www\.|m\.|[a-z]{2,3}\.)?linkedin\.com$/;
/** A vanity slug: letters (any script), digits, '-' and '_', 3–100 chars as LinkedIn allows. */
const SLUG = /^[\p{L}\p{N}_-]{3,100}$/u;

/**
 * Returns the canonical `https://www.linkedin.com/in/{slug}` form of a personal profile URL,
 * or null when the value is not one. Slugs are case-insensitive on LinkedIn, so they are
 * lower-cased, and non-ASCII slugs are stored percent-encoded as browsers send them.
 */
export function normalizeLinkedInUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.port) return null;
  if (!LINKEDIN_HOST.test(url.hostname)) return null;
  const match = /^\/in\/([^/]+)\/?$/i.exec(url.pathname);
  if (!match?.[1]) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]).toLowerCase();
  } catch {
    return null;
  }
  if (!SLUG.test(slug)) return null;
  return `https://www.linkedin.com/in/${encodeURIComponent(slug)}`;
}

export const LinkedInUrl = z
  .string()
  .trim()
  .max(LINKEDIN_INPUT_MAX, `At most ${LINKEDIN_INPUT_MAX} characters`)
  .transform((value, ctx) => {
    const canonical = normalizeLinkedInUrl(value);
    if (canonical === null) {
      ctx.addIssue({
        code: "custom",
        message: "Not a LinkedIn profile URL, expected https://www.linkedin.com/in/{slug}",
      });
      return z.NEVER;
    }
    return canonical;
  });
