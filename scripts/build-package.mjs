#!/usr/bin/env node
/*
 * `node scripts/build-package.mjs packages/<name>`: one package's build (its nx `build` target;
 * `npm run build` runs them all, dependencies first, and `npm install` runs that).
 *
 * 1. `tsc -b` on the package's tsconfig.build.json: JavaScript and .d.ts for every src/ file into
 *    dist/, file for file (and the packages it references first, where they are stale). The
 *    output mirrors src/, so a path made relative to `import.meta.url` (a worker, a forked child,
 *    the vendored gradients, the BLAS addon) points at the same neighbour in both.
 * 2. Copies the files the code loads beside itself that tsc does not emit (ASSETS below).
 * 3. Removes outputs whose source is gone, so a renamed file never ships twice.
 * 4. For the CLI, copies docs/diagnostics/ into dist/diagnostics/ for `vaec explain VAEnnn`.
 *
 * Plain JavaScript on purpose: it runs in `npm install` before anything is built.
 *
 * Type errors fail the build, except under VAEC_BUILD_LENIENT=1 (the root postinstall): tsc
 * still emits the JavaScript, and `npm install` should not fail because a file does not
 * typecheck yet; `npm run typecheck` (and CI) is the gate for that.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Non-TypeScript files under src/ that ship: workers, vendored modules, C sources for postinstall. */
const ASSETS = new Set([".cjs", ".mjs", ".js", ".wasm", ".c", ".h", ".json"]);
/** Test inputs under src/ that never ship. */
const TEST_DIRS = new Set(["cases", "fixtures", "__snapshots__"]);

const root = path.resolve(import.meta.dirname, "..");
const packageDir = path.resolve(process.argv[2] ?? ".");
const src = path.join(packageDir, "src");
const dist = path.join(packageDir, "dist");

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(
  process.execPath,
  [tsc, "-b", path.join(packageDir, "tsconfig.build.json"), ...process.argv.slice(3)],
  { stdio: "inherit" },
);
const lenient = process.env.VAEC_BUILD_LENIENT === "1";
if (compiled.status !== 0 && !lenient) process.exit(compiled.status ?? 1);
if (compiled.status !== 0) {
  process.stderr.write(
    `${path.relative(root, packageDir)}: built with the type errors above (run \`npm run typecheck\`)\n`,
  );
}

/** Every file under `dir`, relative to it, test inputs left out. */
function walk(dir, prefix = "") {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) {
      return TEST_DIRS.has(entry.name) ? [] : walk(path.join(dir, entry.name), relative);
    }
    return [relative];
  });
}

function copyIfChanged(from, to) {
  if (fs.existsSync(to) && fs.statSync(to).mtimeMs >= fs.statSync(from).mtimeMs) return;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

const sources = walk(src);
const assets = sources.filter(
  (file) => ASSETS.has(path.extname(file)) && !/\.test\.[cm]?js$/.test(file),
);
for (const asset of assets) copyIfChanged(path.join(src, asset), path.join(dist, asset));

// dist/diagnostics/ is the CLI's copy of docs/diagnostics/, kept whole and pruned on its own.
const diagnosticsDir = path.join(dist, "diagnostics");
if (path.basename(packageDir) === "cli") {
  const docs = path.join(root, "docs/diagnostics");
  const pages = fs.readdirSync(docs).filter((name) => name.endsWith(".md"));
  for (const page of pages) copyIfChanged(path.join(docs, page), path.join(diagnosticsDir, page));
  for (const old of fs.readdirSync(diagnosticsDir)) {
    if (!pages.includes(old)) fs.rmSync(path.join(diagnosticsDir, old));
  }
}

const sourceSet = new Set(sources);
const assetSet = new Set(assets);
for (const output of walk(dist)) {
  if (output.startsWith(`diagnostics${path.sep}`)) continue;
  const stem = output.replace(/\.d\.ts$/, "").replace(/\.js$/, "");
  const fromTs = output.endsWith(".d.ts") || output.endsWith(".js");
  const kept = (fromTs && sourceSet.has(`${stem}.ts`)) || assetSet.has(output);
  // Only what this script or tsc writes is pruned: the BLAS addon and tsc's state stay.
  const ours = fromTs || ASSETS.has(path.extname(output));
  if (ours && !kept) fs.rmSync(path.join(dist, output));
}
