// Adds up the vitest JSON reports (test-results/vitest.json in each package, and the web app's
// fault tests in apps/web/test-results/faults.json) and the web app's Playwright report
// (apps/web/test-results/playwright.json) into a running total kept in the file named by
// argv[2], and prints "N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const [totalsFile, label] = process.argv.slice(2);
// The totals file starts out empty (mktemp), then holds the running sums.
const saved = existsSync(totalsFile) ? readFileSync(totalsFile, "utf8").trim() : "";
const totals = saved ? JSON.parse(saved) : { passed: 0, failed: 0, skipped: 0 };
const run = { passed: 0, failed: 0, skipped: 0 };

/** A report cut short (its run was killed) counts as one failure rather than stopping the count. */
function readReport(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    console.log(`  ${label}: ${file}: unreadable report, counted as 1 failure`);
    run.failed += 1;
    rmSync(file);
    return null;
  }
}
// vitest.json: each package's tests; faults.json: the web app's fault tests (e2e/run-e2e.mjs).
const reports = ["apps", "packages"].flatMap((root) =>
  readdirSync(root).flatMap((pkg) =>
    ["vitest.json", "faults.json"].map((name) => ({
      pkg: name === "faults.json" ? `${pkg} faults` : pkg,
      report: path.join(root, pkg, "test-results", name),
    })),
  ),
);
for (const { pkg, report } of reports) {
  if (!existsSync(report)) continue;
  const r = readReport(report);
  if (!r) continue;
  run.passed += r.numPassedTests;
  run.failed += r.numFailedTests;
  run.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // Failed suites (a file that could not load) count as failures too.
  run.failed += r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  console.log(
    `  ${label}: ${pkg}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`,
  );
  rmSync(report);
}
// Playwright's JSON reporter: stats.expected (passed), unexpected (failed), flaky (passed on a
// retry), skipped; errors outside any test (a failed global setup) count as one failure.
const playwright = path.join("apps", "web", "test-results", "playwright.json");
if (existsSync(playwright)) {
  const r = readReport(playwright) ?? {};
  const s = r.stats ?? {};
  const passed = (s.expected ?? 0) + (s.flaky ?? 0);
  const failed = (s.unexpected ?? 0) + (r.errors?.length ? 1 : 0);
  const skipped = s.skipped ?? 0;
  run.passed += passed;
  run.failed += failed;
  run.skipped += skipped;
  console.log(`  ${label}: web e2e (Playwright): ${passed} passed, ${failed} failed, ${skipped} skipped`);
  rmSync(playwright);
}
for (const k of Object.keys(run)) totals[k] += run[k];
writeFileSync(totalsFile, JSON.stringify(totals));
console.log(`${label}: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped`);
