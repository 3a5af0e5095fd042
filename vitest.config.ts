import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Import generated packages from their TypeScript sources, as the workspace links them.
    conditions: ["linkmodel-source"],
  },
  // The type-test collector transforms test-d files in Vite's SSR environment, which does not
  // inherit resolve.conditions.
  ssr: { resolve: { conditions: ["linkmodel-source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build-packages.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Type tests (test/types/*.test-d.ts) run under `vitest run` too: tsc over tsconfig.types.json
    // (strict, exactOptionalPropertyTypes), so an unused `@ts-expect-error` fails the run.
    typecheck: {
      enabled: true,
      include: ["test/types/**/*.test-d.ts"],
      tsconfig: "./tsconfig.types.json",
    },
  },
});
