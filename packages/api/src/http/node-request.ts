import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";

/**
 * A node:http request as a WHATWG Request, its body streamed, for servers (tests, benches)
 * that hand node requests to the fetch-style handlers.
 */
export function nodeRequestToFetch(req: IncomingMessage, origin: string, signal?: AbortSignal): Request {
  const headers = headersOfNodeRequest(req);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method ?? "GET",
    headers,
    ...(signal ? { signal } : {}),
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

/** A node:http request's headers as web Headers (repeated ones joined, as fetch does). */
export function headersOfNodeRequest(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}
