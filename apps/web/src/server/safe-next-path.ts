/** The request header carrying the page's own path and query (set by src/proxy.ts). */
export const PATH_HEADER = "x-contacts-path";

/**
 * Where to go after signing in: a path of this app, never another site (an open redirect
 * would let a link to our sign-in page send people anywhere). Anything else means /contacts.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length > 2000) return "/contacts";
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/contacts";
  if (next === "/" || next.startsWith("/sign-in") || /[\r\n]/.test(next)) return "/contacts";
  return next;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export const signInPathFor = (path: string | null): string => {
  const next = path ? safeNextPath(path) : "/contacts";
  return next === "/contacts" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
};
