import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    // The files mostly wait on child processes (one per command run), so let them overlap
    // even on a two-core machine, where the default is a single worker.
    maxWorkers: 4,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The environment's rate limits would count every file's calls from one address in the
    // shared PostgreSQL run; tests of the limits give the pipeline limiters of their own.
    env: { LOG_LEVEL: "silent", RATE_LIMITS: "off" },
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
