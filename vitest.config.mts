import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Terraform suites are CPU-heavy; two cores, so keep them from all starting at once.
    maxWorkers: 2,
  },
});
