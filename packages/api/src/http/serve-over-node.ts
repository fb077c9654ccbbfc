import type { IncomingMessage, ServerResponse } from "node:http";
import { recordRequest, UNKNOWN_PROCEDURE } from "../metrics/record-request";
import { handleBufferedRestRequest } from "../rest/handle-rest-request";
import type { Answer } from "./answer";
import type { ApiHttpOptions, IncomingApiRequest } from "./api-pipeline";
import { errorBody } from "./error-response";
import { handleBufferedTrpcRequest, type TrpcHttpOptions } from "./handle-trpc-request";
import { clientAddressOfNodeRequest } from "./node-client-address";
import { headersOfNodeRequest } from "./node-request";
import { MAX_BODY_BYTES } from "./read-body-with-limit";
import { writeAnswer } from "./write-fetch-response";

/** Reads a node request's body, or null as soon as it passes the limit (nothing more is kept). */
function readNodeBody(req: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(req.headers["content-length"] ?? "0") > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        req.off("data", onData);
        // Unread bytes stay behind: the answer closes the connection (serveTrpcOverNode).
        req.pause();
        resolve(null);
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
    // A client gone before the end of its body: nothing to answer (a no-op once settled).
    req.once("close", () => reject(new Error("request closed before its body ended")));
  });
}

/** tRPC serves queries over GET and mutations over POST; web Requests refuse some others. */
const SERVED_METHODS = new Set(["GET", "POST"]);

function methodNotAllowed(res: ServerResponse, method: string, procedure: string) {
  const message = `Method ${method} is not supported: use GET for queries and POST for mutations`;
  const { httpStatus, body } = errorBody("METHOD_NOT_SUPPORTED", message, procedure, "METHOD_NOT_SUPPORTED");
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    allow: "GET, POST",
    connection: "close",
  });
  res.end(text);
  // Refused before the pipeline: counted here, since it never sees it.
  recordRequest("trpc", [UNKNOWN_PROCEDURE], httpStatus, 0);
}

type BufferedHandler = (
  request: IncomingApiRequest,
  readBody: () => Promise<Uint8Array | null>,
  clientAddress: string,
) => Promise<Answer>;

/**
 * Answers a node request with one of the pipeline's buffered handlers (tRPC or REST): the body
 * read with its limit, the client's address from the socket, the answer written whole.
 */
async function serveBufferedOverNode(req: IncomingMessage, res: ServerResponse, handle: BufferedHandler) {
  const method = req.method ?? "GET";
  // Reads carry no body: drain whatever a client sent so the connection stays usable.
  if (method === "GET" || method === "HEAD") req.resume();
  const gone = new AbortController();
  // Only a client that leaves before its answer is written aborts (an abort on every finished
  // response cost a DOMException with its stack trace per request).
  res.once("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  const response = await handle(
    {
      method,
      url: `http://localhost${req.url ?? "/"}`,
      headers: headersOfNodeRequest(req),
      signal: gone.signal,
    },
    () => readNodeBody(req, MAX_BODY_BYTES),
    clientAddressOfNodeRequest(req),
  );
  // A body left unread (too large, or refused before it was read: no credentials) must not be
  // taken for the next request on this connection.
  await writeAnswer(res, response, req.complete ? {} : { connection: "close" });
}

/**
 * The same pipeline as `handleTrpcRequest`, for a plain `node:http` server: the production
 * server answers API-key calls with it before Next.js sees them (apps/web/server.ts), since
 * Next's route handlers cost more CPU per request than the whole update (docs/performance.md).
 * `req.url` must be origin-form ("/api/trpc/…").
 */
export async function serveTrpcOverNode(
  req: IncomingMessage,
  res: ServerResponse,
  opts: TrpcHttpOptions,
): Promise<void> {
  const method = req.method ?? "GET";
  if (!SERVED_METHODS.has(method)) {
    req.resume();
    methodNotAllowed(
      res,
      method,
      new URL(`http://localhost${req.url ?? "/"}`).pathname.slice(opts.endpoint.length + 1),
    );
    return;
  }
  await serveBufferedOverNode(req, res, (request, readBody, clientAddress) =>
    handleBufferedTrpcRequest(request, readBody, {
      ...opts,
      clientAddress: opts.clientAddress ?? clientAddress,
    }),
  );
}

/** `handleRestRequest` for a plain `node:http` server (apps/web/server.ts), as serveTrpcOverNode. */
export async function serveRestOverNode(
  req: IncomingMessage,
  res: ServerResponse,
  opts: ApiHttpOptions,
): Promise<void> {
  await serveBufferedOverNode(req, res, (request, readBody, clientAddress) =>
    handleBufferedRestRequest(request, readBody, {
      ...opts,
      clientAddress: opts.clientAddress ?? clientAddress,
    }),
  );
}
