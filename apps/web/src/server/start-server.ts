import {
  claimShutdown,
  DEMO_WORKSPACE_SLUG,
  logger,
  runShutdownHooks,
  seedDemo,
  shutdownOwner,
} from "@contacts/api";
import { findWorkspaceBySlug } from "@contacts/db";
import { webEnv } from "../env";
import { closeDatabase, getConnection } from "./db";

/**
 * Runs once when the server starts: opens the database and applies pending migrations, and
 * in development seeds the demo workspace and prints its user's credentials and API key.
 */
export async function startServer(): Promise<void> {
  // `pnpm start` (server.ts) owns the stop signals: it drains requests before closing the
  // database. Under `next dev` nobody has claimed them, and stopping at once is fine.
  if (shutdownOwner() === null) {
    claimShutdown("next");
    const stop = async () => {
      await runShutdownHooks();
      await closeDatabase().catch(() => {});
      process.exit(0);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  }
  const conn = await getConnection();
  logger.info({ driver: conn.driver }, "database ready, migrations applied");
  if (webEnv.NODE_ENV === "production" && (await findWorkspaceBySlug(conn.db, DEMO_WORKSPACE_SLUG))) {
    logger.warn(
      "This database holds the demo workspace: its published API key and user are refused by this production server",
    );
  }
  if (webEnv.NODE_ENV === "development") {
    const demo = await seedDemo(conn.db);
    console.log(
      [
        "",
        `  Demo workspace ${demo.created ? "created" : "ready"} (development only).`,
        `  Sign in at http://localhost:${webEnv.PORT}/sign-in as ${demo.user.email} / ${demo.user.password}`,
        "  API key:",
        `  ${demo.apiKey}`,
        "",
      ].join("\n"),
    );
  }
}
