import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Import generated packages from their TypeScript sources, as the workspace links them.
    conditions: ["linkmodel-source"],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build-packages.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
