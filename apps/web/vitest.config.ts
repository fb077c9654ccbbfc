import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  // tsconfig says jsx: preserve (for Next); tests need it compiled.
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    // Generous: CI runs every package at once on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    include: ["test/**/*.test.{ts,tsx}"],
    // Migrates the database once (PGlite template, or TEST_DATABASE_URL) for the sign-in tests.
    globalSetup: ["../../packages/db/src/testing/global-setup.ts"],
    env: { LOG_LEVEL: "silent" },
    environment: "happy-dom",
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
