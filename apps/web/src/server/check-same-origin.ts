/**
 * CSRF guard for cookie-authenticated writes to /api/trpc: the browser must say the request
 * comes from this site (Sec-Fetch-Site), or send an Origin equal to the host it asked. Calls
 * with an Authorization header (API keys) carry no ambient credentials and need no check.
 * Returns the reason to refuse, or null to go on.
 */
export function crossSiteReason(req: Request): string | null {
  if (req.method === "GET" || req.method === "HEAD") return null;
  if (req.headers.has("authorization")) return null;
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" ? null : `Cross-site request refused (Sec-Fetch-Site: ${site})`;
  const origin = req.headers.get("origin");
  if (origin) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      // an unparsable Origin is refused below
    }
    return host !== null && host === req.headers.get("host") ? null : "Cross-site request refused (Origin)";
  }
  // Neither header: not a modern browser. Without a cookie it is simply unauthenticated.
  return req.headers.has("cookie") ? "Cross-site request refused (no Origin)" : null;
}
