import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["../db/src/testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // The environment's rate limits would count every file's calls from one address in the
    // shared PostgreSQL run; tests of the limits give the pipeline limiters of their own.
    env: { LOG_LEVEL: "silent", RATE_LIMITS: "off" },
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
