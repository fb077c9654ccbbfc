import { defineConfig } from "vitest/config";

/**
 * Fault tests (apps/web/faults): real `pnpm start` processes on the e2e production build, a
 * PostgreSQL server of their own that they stop and start, real signals. One file at a time:
 * they measure latencies, and CI has two cores. Run after the e2e suite (e2e/run-e2e.mjs).
 */
export default defineConfig({
  test: {
    include: ["faults/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: "test-results/faults.json" }]],
  },
});
