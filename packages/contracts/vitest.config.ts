import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Generous: CI runs every package at once on 2 cores.
    testTimeout: 30_000,
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
