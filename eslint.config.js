// Lint is here for one job above all: the package dependency direction
// dsl <- compiler <- runtime <- cli, enforced through nx's module-boundary tags, and no
// tensors in the front end (the compiler must run in a browser with no tfjs).
import nx from "@nx/eslint-plugin";
import tseslint from "typescript-eslint";

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
          ],
        },
      ],
    },
  },
  {
    files: ["packages/dsl/**/*.ts", "packages/compiler/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noTensors] }] },
  },
);
