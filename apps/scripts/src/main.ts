import { z } from "zod";

/**
 * The entry of `pnpm scripts <command>`. The runner is imported here, not statically, because
 * the packages it loads parse the environment as they load: a bad DATABASE_URL then ends as
 * a short message instead of a stack.
 */
try {
  const { runCli } = await import("./run-cli");
  // exitCode rather than process.exit(): stdout is flushed first, and a handle left open by
  // mistake shows up as a hang (caught by the tests) instead of being hidden.
  process.exitCode = await runCli(process.argv.slice(2));
} catch (err) {
  const message =
    err instanceof z.ZodError
      ? `invalid environment\n${z.prettifyError(err)}`
      : err instanceof Error
        ? err.message
        : String(err);
  console.error(`error: could not start: ${message}`);
  process.exitCode = 1;
}
