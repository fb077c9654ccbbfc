import { claimShutdown, logger, runShutdownHooks, startWebhookDelivery } from "@contacts/api";
import type { Command } from "../command";
import { withDatabase } from "../open-database";
import { parseCommandArgs } from "../parse-command-args";

/**
 * Webhook delivery in a process of its own, for servers started with WEBHOOK_DELIVERY=worker.
 * Any number may run beside each other and beside servers that deliver too: each claims its
 * work with FOR UPDATE SKIP LOCKED. Runs until SIGTERM or SIGINT, then finishes the attempts
 * in flight (at most the 10 s timeout) and exits.
 */
export const webhooksWorker: Command = {
  name: "webhooks worker",
  synopsis: "",
  summary: "Deliver webhooks until stopped (for servers run with WEBHOOK_DELIVERY=worker).",
  async run(args) {
    parseCommandArgs({ args, options: {} });
    claimShutdown("webhooks worker");
    await withDatabase(async (db) => {
      startWebhookDelivery(db, { force: true });
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGTERM", resolve);
        process.once("SIGINT", resolve);
      });
      logger.info({ signal }, "webhook worker stopping: finishing attempts in flight");
      await runShutdownHooks();
    });
  },
};
