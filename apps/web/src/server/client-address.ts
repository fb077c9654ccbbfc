import type { IncomingMessage } from "node:http";

/**
 * How the production server tells Next.js who the client is: Next's route handlers and server
 * actions see no socket. server.ts deletes the header from every incoming request and sets it
 * itself, so a client can never choose its own address.
 */
export const CLIENT_ADDRESS_HEADER = "x-contacts-client-address";
/** Every request under `next dev` (no server.ts in front): one local client. */
export const LOCAL_CLIENT = "local";

const holder = globalThis as { __contactsClientAddressHeader?: boolean };

/**
 * server.ts, at start: the header is stamped on every request from now on, so it may be read
 * (in this process, Next's bundled copy included, through globalThis). Without server.ts
 * (`next dev`) the header is never read: a client could have sent it.
 */
export function trustClientAddressHeader(): void {
  holder.__contactsClientAddressHeader = true;
}

/**
 * server.ts, for each request it hands to Next.js: replaces whatever the client sent in the
 * header with `address` (resolved from the socket, and trusted proxies only).
 */
export function stampClientAddress(req: IncomingMessage, address: string): void {
  delete req.headers[CLIENT_ADDRESS_HEADER];
  req.headers[CLIENT_ADDRESS_HEADER] = address;
}

/** The client's address as server.ts stamped it, or "local" where nothing stamps it. */
export function clientAddressOf(headers: Headers): string {
  if (!holder.__contactsClientAddressHeader) return LOCAL_CLIENT;
  return headers.get(CLIENT_ADDRESS_HEADER) || LOCAL_CLIENT;
}
