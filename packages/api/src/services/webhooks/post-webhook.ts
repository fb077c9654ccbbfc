import http from "node:http";
import https from "node:https";
import {
  guardedLookup,
  type ReceiverPolicy,
  ReceiverRefused,
  receiverHostOf,
  refusedLiteralHost,
} from "./receiver-address";

/** How long a receiver has to answer, headers and body. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
const USER_AGENT = "contacts-webhooks/1";
/** last_error is a few words for a person, never a receiver's whole answer. */
const ERROR_MAX = 200;

export interface PostResult {
  statusCode: number | null;
  /** Null when delivered (a 2xx); otherwise why not, at most 200 characters. */
  error: string | null;
}

// Keep-alive sockets per receiver: an idle server sends the next change without a handshake.
// A socket is opened through guardedLookup, so reusing it reuses a checked address.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 16, keepAliveMsecs: 1_000 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 16, keepAliveMsecs: 1_000 }),
};

const short = (message: string) =>
  message.length > ERROR_MAX ? `${message.slice(0, ERROR_MAX - 1)}…` : message;

/**
 * POSTs one webhook. A 2xx answer is delivered; anything else (a 3xx too: redirects are not
 * followed, they could lead anywhere), a refused address, a network error or no full answer
 * within `timeoutMs` is a failure with a short reason. Never throws.
 */
export function postWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: { policy: ReceiverPolicy; timeoutMs?: number },
): Promise<PostResult> {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return Promise.resolve({ statusCode: null, error: "Not a valid URL" });
  }
  const refused = refusedLiteralHost(url, options.policy);
  if (refused) return Promise.resolve({ statusCode: null, error: short(`Refused: ${refused}`) });
  const transport = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
  if (!transport) return Promise.resolve({ statusCode: null, error: "Must be an http or https URL" });

  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = transport.request(url, {
      method: "POST",
      agent: agents[url.protocol as "http:" | "https:"],
      lookup: guardedLookup(options.policy, receiverHostOf(url)),
      headers: {
        ...headers,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "user-agent": USER_AGENT,
      },
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`No answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    req.on("response", (res) => {
      const code = res.statusCode ?? 0;
      // The body is read and dropped (so the socket can be reused), within the same timeout.
      res.resume();
      res.on("end", () =>
        finish(
          code >= 200 && code < 300
            ? { statusCode: code, error: null }
            : {
                statusCode: code,
                error: short(`HTTP ${code}${res.statusMessage ? ` ${res.statusMessage}` : ""}`),
              },
        ),
      );
      res.on("error", (err) => finish({ statusCode: code, error: short(err.message) }));
      // After "end" this changes nothing; before it, the answer was cut off (e.g. the timeout).
      res.on("close", () => finish({ statusCode: code, error: `HTTP ${code}, answer cut off` }));
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      const message =
        err instanceof ReceiverRefused || !err.code ? err.message : `${err.message.split("\n")[0]}`;
      finish({ statusCode: null, error: short(message) });
    });
    req.end(body);
  });
}
