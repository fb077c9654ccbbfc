import type { IncomingMessage } from "node:http";

export const TRPC_ENDPOINT = "/api/trpc";

/**
 * Whether the production server answers a request itself instead of handing it to Next.js:
 * calls to /api/trpc that carry an Authorization header (API keys: syncs, scripts, other
 * servers). Browser calls, authenticated by the session cookie, go on through Next.js, where
 * the session and the CSRF guard live (src/app/api/trpc/[trpc]/route.ts). A presented key
 * never falls back to the cookie, so the two ways in never overlap.
 */
export function servesDirectly(req: Pick<IncomingMessage, "url" | "headers">): boolean {
  return req.url?.startsWith(`${TRPC_ENDPOINT}/`) === true && req.headers.authorization !== undefined;
}
