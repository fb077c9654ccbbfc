// The e2e half of `pnpm test`: runs Playwright when Debian's Chromium is installed and the run
// is the embedded-database one (CI runs the suite once, not again with TEST_DATABASE_URL).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("/usr/bin/chromium")) {
  console.log("e2e skipped: /usr/bin/chromium is missing (apt-get install -y chromium)");
  process.exit(0);
}
if (process.env.TEST_DATABASE_URL) {
  console.log("e2e skipped: TEST_DATABASE_URL is set (the e2e suite runs once, on the embedded database)");
  process.exit(0);
}
const started = Date.now();
const run = spawnSync("npx", ["playwright", "test"], { stdio: "inherit" });
console.log(`e2e finished in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(run.status ?? 1);
