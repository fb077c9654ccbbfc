// The e2e half of `pnpm test`, run once, in the embedded-database run (CI runs the suite again
// with TEST_DATABASE_URL, where this skips): the browser tests (Playwright, when Debian's
// Chromium is installed), then the fault tests (vitest.faults.config.ts), which reuse the
// production build the browser tests made and start PostgreSQL servers of their own.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (process.env.TEST_DATABASE_URL) {
  console.log(
    "e2e skipped: TEST_DATABASE_URL is set (the e2e and fault suites run once, on the embedded database)",
  );
  process.exit(0);
}
const env = { ...process.env, NEXT_DIST_DIR: ".next-e2e", NEXT_TELEMETRY_DISABLED: "1" };
let status = 0;
let started = Date.now();
if (existsSync("/usr/bin/chromium")) {
  const run = spawnSync("npx", ["playwright", "test"], { stdio: "inherit" });
  console.log(`e2e finished in ${Math.round((Date.now() - started) / 1000)} s`);
  status = run.status ?? 1;
} else {
  console.log("e2e skipped: /usr/bin/chromium is missing (apt-get install -y chromium)");
  // The fault tests still need the production build the browser tests would have made.
  const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) {
    console.log("fault tests skipped: next build failed");
    process.exit(1);
  }
}

started = Date.now();
const faults = spawnSync("npx", ["vitest", "run", "--config", "vitest.faults.config.ts"], {
  env,
  stdio: "inherit",
});
console.log(`fault tests finished in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(status || (faults.status ?? 1));
