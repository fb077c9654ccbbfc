import { z } from "zod";

/** A host name's longest text form (RFC 1035 §2.3.4, without the root dot). */
export const COMPANY_DOMAIN_MAX = 253;
/** The longest input taken: a pasted website address with its path, far beyond any real one. */
export const COMPANY_WEBSITE_INPUT_MAX = 2000;
const LABEL_MAX = 63;

// A label of letters, digits and inner hyphens; the last label (the TLD) starts with a letter
// or is an IDN's `xn--` form, so an IP address is not a domain.
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TLD = /^(?:[a-z][a-z0-9-]*[a-z0-9]|xn--[a-z0-9-]+)$/;

/**
 * The host of what was typed or pasted: a bare domain ("Aurora.se"), a host with a path
 * ("aurora.se/ir") or a website address ("https://www.aurora.se/en/"). Lower case (the URL
 * parser folds it, and spells an international name in its `xn--` form), without `www.`,
 * a port, credentials, a path or a trailing dot: the form two companies are told apart by.
 * Null when it is none of those.
 */
export function hostOfWebsite(input: string): string | null {
  const text = input.trim();
  if (text === "" || /\s/.test(text)) return null;
  const hasScheme = /^https?:\/\//i.test(text);
  // Another scheme ("ftp://", "mailto:") is no website; "aurora.se:8080" is a host and port.
  // Without a scheme an "@" is an email address (or credentials), not a website.
  if (!hasScheme && (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text) || text.includes("@"))) return null;
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${text}`);
  } catch {
    return null;
  }
  const host = url.hostname.replace(/\.$/, "").replace(/^www\./, "");
  return host === "" ? null : host;
}

/** Why `host` is not a domain name, or null when it is one. */
function domainProblem(host: string): string | null {
  if (host.length > COMPANY_DOMAIN_MAX) return `At most ${COMPANY_DOMAIN_MAX} characters`;
  const labels = host.split(".");
  if (labels.length < 2) return "Not a domain name: expected e.g. aurora.se";
  if (labels.some((label) => label.length > LABEL_MAX)) {
    return `Each part of a domain name is at most ${LABEL_MAX} characters`;
  }
  if (!labels.every((label) => LABEL.test(label)) || !TLD.test(labels.at(-1) ?? "")) {
    return "Not a domain name: expected e.g. aurora.se";
  }
  return null;
}

/**
 * A company's domain (docs/api.md §5): a domain or a website address, stored as its lower-case
 * host without `www.` ("https://www.Aurora.se/ir" → "aurora.se"). Empty or null clears it.
 */
export const CompanyDomain = z
  .string()
  .max(COMPANY_WEBSITE_INPUT_MAX, `At most ${COMPANY_WEBSITE_INPUT_MAX} characters`)
  .nullable()
  // Not z.preprocess: the input type stays `string | null` for the typed client and the web.
  .transform((text, ctx): string | null => {
    if (text === null || text.trim() === "") return null;
    const host = hostOfWebsite(text);
    const problem = host === null ? "Not a domain or website address, e.g. aurora.se" : domainProblem(host);
    if (problem !== null || host === null) {
      ctx.addIssue({ code: "custom", message: problem ?? "Not a domain name" });
      return z.NEVER;
    }
    return host;
  });
