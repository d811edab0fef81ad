// Lint is here for one job above all: the package dependency direction
// dsl <- compiler <- runtime <- cli, enforced through nx's module-boundary tags, and no
// tensors in the front end (the compiler must run in a browser with no tfjs).
import nx from "@nx/eslint-plugin";
import tseslint from "typescript-eslint";
import { builtinModules } from "node:module";
import { CORE_MODULES } from "./packages/runtime/core-modules.js";

const noTensors = {
  group: ["@tensorflow/*"],
  message: "dsl and compiler are tensor-free: tensors live in @vaec/runtime",
};

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "runs/**", "bench/results/**"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@nx": nx },
    rules: {
      "@nx/enforce-module-boundaries": [
        "error",
        {
          allow: [],
          depConstraints: [
            { sourceTag: "scope:dsl", onlyDependOnLibsWithTags: [] },
            { sourceTag: "scope:compiler", onlyDependOnLibsWithTags: ["scope:dsl"] },
            { sourceTag: "scope:runtime", onlyDependOnLibsWithTags: ["scope:compiler"] },
            {
              sourceTag: "scope:cli",
              onlyDependOnLibsWithTags: ["scope:dsl", "scope:compiler", "scope:runtime"],
            },
            { sourceTag: "scope:tooling", onlyDependOnLibsWithTags: ["scope:dsl"] },
            {
              sourceTag: "scope:playground",
              onlyDependOnLibsWithTags: [
                "scope:dsl",
                "scope:compiler",
                "scope:runtime",
                "scope:tooling",
              ],
            },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/dsl/**/*.ts", "packages/compiler/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noTensors] }] },
  },
  // The playground runs in a browser: the runtime only through its platform-free core.
  {
    files: ["packages/playground/src/**/*.ts"],
    ignores: ["**/*.test.ts"], // the tests run in Node
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@vaec/runtime",
              message: "the page uses @vaec/runtime/core: the main entry has the Node adapters",
            },
            ...builtinModules.map((name) => ({
              name,
              message: "the playground runs in a browser",
            })),
          ],
          patterns: [{ group: ["node:*"], message: "the playground runs in a browser" }],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "the playground runs in a browser" },
      ],
    },
  },
  // The runtime's platform-free core (@vaec/runtime/core) is what the browser playground
  // bundles: no Node built-ins and no `process` in its modules.
  {
    files: CORE_MODULES,
    // tfjs's own bundled gradients read `process` behind its own guards; the bundle test covers it.
    ignores: ["**/vendor/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: builtinModules.map((name) => ({
            name,
            message: "the runtime core runs in a browser",
          })),
          patterns: [{ group: ["node:*"], message: "the runtime core runs in a browser" }],
        },
      ],
      "no-restricted-globals": [
        "error",
        {
          name: "process",
          message: "the runtime core runs in a browser: take settings as arguments",
        },
      ],
    },
  },
);
