import { logger, seedDemo } from "@contacts/api";
import { webEnv } from "../env";
import { getConnection } from "./db";

/**
 * Runs once when the server starts: opens the database and applies pending migrations, and
 * in development seeds the demo workspace and prints its user's credentials and API key.
 */
export async function startServer(): Promise<void> {
  const conn = await getConnection();
  logger.info({ driver: conn.driver }, "database ready, migrations applied");
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
  const shutdown = async () => {
    await conn.close().catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
