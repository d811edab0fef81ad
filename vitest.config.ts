import { defineConfig } from "vitest/config";

// One root config; each package is a vitest project so `vitest run --project dsl` (and nx's
// per-package `test` target) runs just that package, while `npm test` runs them all.
const packages = ["dsl", "compiler", "runtime", "cli", "prettier-plugin-vae"];

export default defineConfig({
  test: {
    projects: [
      ...packages.map((name) => ({
        test: {
          name,
          root: `packages/${name}`,
          include: ["src/**/*.test.ts"],
          testTimeout: 60_000,
        },
      })),
      {
        test: {
          name: "e2e",
          root: "tests",
          include: ["**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
