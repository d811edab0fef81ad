import { defineConfig } from "vitest/config";

// One root config; each package is a vitest project so `vitest run --project dsl` (and nx's
// per-package `test` target) runs just that package, while `npm test` runs them all.
const packages = ["dsl", "compiler", "runtime", "cli", "prettier-plugin-vae", "playground"];

// Tests run on the TypeScript sources, never on a build: our packages' exports have an
// `@vaec/source` condition (src/*.ts) ahead of the built dist/ (docs/architecture.md). These are
// vite's default server conditions with ours in front.
const sources = {
  resolve: { conditions: ["@vaec/source", "module", "node", "development|production"] },
};

export default defineConfig({
  test: {
    projects: [
      ...packages.map((name) => ({
        ssr: sources,
        test: {
          name,
          root: `packages/${name}`,
          include: ["src/**/*.test.ts"],
          testTimeout: 60_000,
        },
      })),
      {
        ssr: sources,
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
