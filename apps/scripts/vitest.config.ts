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
    env: { LOG_LEVEL: "silent" },
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
