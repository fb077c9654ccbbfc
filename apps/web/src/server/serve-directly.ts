import type { IncomingMessage } from "node:http";

export const TRPC_ENDPOINT = "/api/trpc";
export const REST_ENDPOINT = "/api/v1";

/**
 * Whether the production server answers a request itself instead of handing it to Next.js:
 * calls to /api/trpc or /api/v1 that carry an Authorization header (API keys: syncs, scripts, other
 * servers). Browser calls, authenticated by the session cookie, go on through Next.js, where
 * the session and the CSRF guard live (src/app/api/trpc/[trpc]/route.ts). A presented key
 * never falls back to the cookie, so the two ways in never overlap.
 */
export function servesDirectly(req: Pick<IncomingMessage, "url" | "headers">): "trpc" | "rest" | false {
  if (req.headers.authorization === undefined) return false;
  if (req.url?.startsWith(`${TRPC_ENDPOINT}/`)) return "trpc";
  // The REST API (/api/v1) goes through the same pipeline, so the same holds for it.
  if (req.url?.startsWith(`${REST_ENDPOINT}/`)) return "rest";
  return false;
}
