import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Answer, TextAnswer } from "./answer";

/** Server-sent events (contact.watch) are written as they come; every other answer whole. */
export const isEventStream = (response: Response) =>
  (response.headers.get("content-type") ?? "").startsWith("text/event-stream");

/**
 * Writes a fetch Response to a node response. A stream of events is piped (a subscription
 * never ends by itself: buffering it would answer nothing); any other body is sent whole with
 * its length. `extra` headers go beside the response's own.
 */
export async function writeFetchResponse(
  res: ServerResponse,
  response: Response,
  extra: Record<string, string> = {},
): Promise<void> {
  const headers = headerRecord(response.headers);
  if (isEventStream(response) && response.body) {
    res.writeHead(response.status, { ...headers, ...extra, "cache-control": "no-cache, no-transform" });
    res.flushHeaders();
    // The client leaving closes the node response; the pipeline then cancels the body, which
    // aborts the subscription on the server.
    await pipeline(Readable.fromWeb(response.body as never), res).catch(() => undefined);
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...headers, ...extra, "content-length": String(body.length) });
  res.end(body);
}

/** Writes the pipeline's answer: text as it is, a Response through writeFetchResponse. */
export function writeAnswer(
  res: ServerResponse,
  answer: Answer,
  extra: Record<string, string> = {},
): Promise<void> {
  if (!(answer instanceof TextAnswer)) return writeFetchResponse(res, answer, extra);
  res.writeHead(answer.status, {
    ...headerRecord(answer.headers),
    ...extra,
    "content-length": String(Buffer.byteLength(answer.text)),
  });
  res.end(answer.text);
  return Promise.resolve();
}

/** Web headers as node's writeHead takes them. */
function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}
