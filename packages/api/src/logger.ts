import pino from "pino";
import { apiEnv } from "./env";
import { logSafeError } from "./log-safe-error";

/**
 * The process logger: JSON lines on stdout. Per-request children carry the request's fields.
 * Errors go through logSafeError (no SQL, parameters or values: docs/security.md), under
 * whichever key they are logged.
 *
 * Written asynchronously: lines logged while a write is in flight go out together in the next
 * one, instead of one blocking write per line (one per request: a measurable share of a
 * request's CPU, docs/performance.md). pino flushes what is pending when the process exits.
 */
export const logger = pino(
  {
    level: apiEnv.LOG_LEVEL,
    base: undefined,
    serializers: { err: logSafeError, error: logSafeError, cause: logSafeError },
    // Never log credentials, even if a future log line passes a header object by mistake.
    redact: ["authorization", "cookie", "headers.authorization", "headers.cookie", "apiKey", "password"],
  },
  pino.destination({ dest: 1, sync: false }),
);
export type Logger = typeof logger;
