import type { Database } from "@contacts/db";
import { apiEnv } from "../../env";
import { logger } from "../../logger";
import { onShutdown } from "../../shutdown";
import { WebhookDispatcher, type WebhookDispatcherOptions } from "./webhook-dispatcher";

const KEY = Symbol.for("@contacts/api/webhook-dispatcher");
const globals = globalThis as { [KEY]?: WebhookDispatcher };

/**
 * Starts this process's webhook delivery, once per process (the server's modules are loaded
 * twice, and again at every hot reload), and stops it at shutdown, before the database
 * closes. A server leaves it to worker processes when WEBHOOK_DELIVERY=worker; a worker
 * passes `force`.
 */
export function startWebhookDelivery(
  db: Database,
  options: WebhookDispatcherOptions & { force?: boolean } = {},
): WebhookDispatcher | null {
  if (!options.force && apiEnv.WEBHOOK_DELIVERY !== "server") return null;
  if (globals[KEY]) return globals[KEY];
  const dispatcher = new WebhookDispatcher(db, options);
  globals[KEY] = dispatcher;
  dispatcher.start();
  onShutdown(async () => {
    await dispatcher.stop();
    globals[KEY] = undefined;
  });
  logger.info({ mode: options.force ? "worker" : "server" }, "webhook delivery started");
  return dispatcher;
}
