import type { IncomingMessage } from "node:http";
import { apiEnv } from "../env";
import { resolveClientAddress, type TrustedProxies } from "../rate-limit/client-address";

/**
 * The client of a node:http request: the socket's peer, or with TRUST_PROXY set, the address
 * the trusted proxies report in X-Forwarded-For (node joins repeated headers with ", ").
 */
export function clientAddressOfNodeRequest(
  req: Pick<IncomingMessage, "socket" | "headers">,
  trust: TrustedProxies = apiEnv.TRUST_PROXY,
): string {
  const forwarded = req.headers["x-forwarded-for"];
  return resolveClientAddress(
    req.socket.remoteAddress,
    Array.isArray(forwarded) ? forwarded.join(", ") : forwarded,
    trust,
  );
}
