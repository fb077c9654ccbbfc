import pino from "pino";
import { apiEnv } from "./env";

/** The process logger: JSON lines on stdout. Per-request children carry the request's fields. */
export const logger = pino({
  level: apiEnv.LOG_LEVEL,
  base: undefined,
  // Never log credentials, even if a future log line passes a header object by mistake.
  redact: ["authorization", "cookie", "headers.authorization", "headers.cookie", "apiKey", "password"],
});
export type Logger = typeof logger;
