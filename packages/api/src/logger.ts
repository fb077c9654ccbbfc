import pino from "pino";
import { apiEnv } from "./env";
import { logSafeError } from "./log-safe-error";

/**
 * The process logger: JSON lines on stdout. Per-request children carry the request's fields.
 * Errors go through logSafeError (no SQL, parameters or values: docs/security.md), under
 * whichever key they are logged.
 */
export const logger = pino({
  level: apiEnv.LOG_LEVEL,
  base: undefined,
  serializers: { err: logSafeError, error: logSafeError, cause: logSafeError },
  // Never log credentials, even if a future log line passes a header object by mistake.
  redact: ["authorization", "cookie", "headers.authorization", "headers.cookie", "apiKey", "password"],
});
export type Logger = typeof logger;
