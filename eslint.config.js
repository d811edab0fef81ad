// Lint is here for one job above all: the package dependency direction
// dsl <- compiler <- runtime <- cli, enforced through nx's module-boundary tags, and no
// tensors in the front end (the compiler must run in a browser with no tfjs).
import nx from "@nx/eslint-plugin";
import tseslint from "typescript-eslint";
import { builtinModules } from "node:module";
import { CORE_MODULES } from "./packages/runtime/core-modules.js";
import { RUNTIME_LAYERS } from "./packages/runtime/layers.js";

const noTensors = {
  group: ["@tensorflow/*"],
  message: "dsl and compiler are tensor-free: tensors live in @vaec/runtime",
};

/*
 * The runtime's layer order (packages/runtime/layers.js): one block per layer forbidding relative
 * imports of any folder above it. no-restricted-syntax rather than no-restricted-imports, so the
 * blocks do not replace the core modules' rule on the same files.
 */
function layerRules() {
  const src = "packages/runtime/src/";
  const blocks = [];
  const above = (i) => RUNTIME_LAYERS.slice(i + 1).flat();
  const rule = (folders, message) => {
    const source = `/^(\\.\\.\\/)+(${folders.join("|")})\\//`;
    return [
      "error",
      ...[
        "ImportDeclaration",
        "ExportNamedDeclaration",
        "ExportAllDeclaration",
        "ImportExpression",
      ].map((node) => ({ selector: `${node}[source.value=${source}]`, message })),
    ];
  };
  RUNTIME_LAYERS.forEach((layer, i) => {
    const higher = above(i);
    if (higher.length === 0) return;
    const message = `${layer.join(", ")} may not import ${higher.join(", ")}: a layer above it (packages/runtime/layers.js)`;
    blocks.push({
      files: layer.map((folder) => `${src}${folder}/**/*.ts`),
      ignores: [`${src}**/*.test.ts`],
      rules: { "no-restricted-syntax": rule(higher, message) },
    });
  });
  return blocks;
}

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
  // WebGPU in Node has no synchronous read (dataSync needs a browser's OffscreenCanvas): the
  // runtime reads tensors with `await` (backend/webgpu/read-values.ts) so every command runs there.
  {
    files: ["packages/runtime/src/**/*.ts", "packages/cli/src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...["dataSync", "arraySync", "bufferSync"].map((property) => ({
          property,
          message: "no synchronous tensor reads: WebGPU has none; `await readValues(t)` instead",
        })),
      ],
    },
  },
  ...layerRules(),
);
