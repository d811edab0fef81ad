import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Rolldown } from "vite";
import { describe, expect, it } from "vitest";
import { CORE_MODULES } from "../core-modules.js";

/*
 * The platform-free core is bundled for the browser here, as the playground bundles it: every
 * module it reaches must be in CORE_MODULES (which the lint checks for Node built-ins and
 * `process`), and no Node built-in may be reached at all.
 */

const root = path.resolve(fileURLToPath(import.meta.url), "../../../..");
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

async function bundleCore() {
  const reached = new Set<string>();
  const nodeImports: string[] = [];
  const output = await build({
    configFile: false,
    logLevel: "silent",
    root,
    resolve: { conditions: ["@vaec/source", "browser", "module", "import", "default"] },
    plugins: [
      {
        name: "record-modules",
        resolveId(source, importer) {
          if (builtins.has(source) || source.startsWith("node:")) {
            nodeImports.push(`${source} (from ${importer})`);
          }
          return null;
        },
        load(id) {
          if (id.startsWith(root + "/packages/")) reached.add(path.relative(root, id));
          return null;
        },
      },
    ],
    build: {
      write: false,
      minify: false,
      lib: { entry: path.join(root, "packages/runtime/src/core.ts"), formats: ["es"] },
      rolldownOptions: { external: [/^@tensorflow\//] },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const code = results.flatMap((r) => r.output).map((o) => (o.type === "chunk" ? o.code : ""));
  return { reached, nodeImports, code: code.join("\n") };
}

describe("@vaec/runtime/core", () => {
  it("bundles for the browser with no Node built-in, reaching only the linted modules", async () => {
    const { reached, nodeImports, code } = await bundleCore();
    expect(nodeImports).toEqual([]);
    expect(code).not.toMatch(/__vite-browser-external/);
    expect(reached.size).toBeGreaterThan(20);
    const unlinted = [...reached].filter((file) => !CORE_MODULES.includes(file));
    expect(unlinted, "add these to packages/runtime/core-modules.js").toEqual([]);
  });
});
