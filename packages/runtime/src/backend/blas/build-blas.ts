/*
 * `npm run build:blas`: compiles the optional native BLAS addon (vaec_blas.c) against the system
 * OpenBLAS into packages/runtime/dist/vaec_blas.node. An explicit step on purpose: npm does not
 * run dependency install scripts here, and `npm install` must never fail because a C compiler or
 * OpenBLAS is missing. Where they are missing this says what to install and exits 0; vaec then
 * runs on the pure wasm fast path (`vaec doctor` tells which).
 *   Debian/Ubuntu: apt-get install gcc libopenblas-dev   (libopenblas0-pthread at run time)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { blasAddonPath } from "./blas-addon.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, "vaec_blas.c");
const output = blasAddonPath();

function skip(reason: string, help: string): never {
  process.stdout.write(
    `build:blas skipped: ${reason}\n  ${help}\n  vaec will use the pure wasm fast path\n`,
  );
  process.exit(0);
}

const includeCandidates = [
  process.env.VAEC_NODE_INCLUDE,
  path.resolve(path.dirname(process.execPath), "../include/node"),
  "/usr/include/node",
  "/usr/local/include/node",
].filter((p): p is string => Boolean(p));
const nodeInclude = includeCandidates.find((dir) => fs.existsSync(path.join(dir, "node_api.h")));
if (!nodeInclude) {
  skip(
    `Node's C headers (node_api.h) not found in ${includeCandidates.join(", ")}`,
    "install them (Debian: apt-get install libnode-dev, or use an official Node.js build), or set VAEC_NODE_INCLUDE",
  );
}
if (process.platform === "win32") skip("Windows is not supported by this build step", "use WSL");
const compiler = process.env.CC ?? "cc";
fs.mkdirSync(path.dirname(output), { recursive: true });
const common = [
  "-O3",
  "-march=native",
  "-fPIC",
  "-Wall",
  // Results must not depend on where a buffer sits in the heap, or a resumed run drifts from an
  // uninterrupted one: Adam's scalar head (up to an aligned address) must round exactly as its
  // vector body, so no fused multiply-adds in one and not the other; and no peeling of
  // vectorised sums to reach an aligned address, which would change their order.
  "-ffp-contract=off",
  "--param=vect-max-peeling-for-alignment=0",
  `-I${nodeInclude}`,
  "-I/usr/include/openblas",
];
// The likelihood and TC kernels alone get -ffast-math: it lets glibc's vector expf/log1pf be
// used, and is kept out of the rest (sgemm glue, Adam) so their arithmetic stays as written.
const fastMath = ["vaec_bernoulli.c", "vaec_tc.c"];
const plainSources = ["vaec_parallel.c", "vaec_adam.c"];
const objects = fastMath.map((file) => `${output}.${path.basename(file, ".c")}.o`);
const steps: string[][] = [
  ...fastMath.map((file, i) => [
    ...common,
    "-ffast-math",
    "-fopenmp-simd",
    "-c",
    path.join(here, file),
    "-o",
    objects[i],
  ]),
  [
    ...common,
    "-shared",
    source,
    ...plainSources.map((file) => path.join(here, file)),
    ...objects,
    "-o",
    `${output}.tmp`,
    "-lopenblas",
    "-lm",
    "-lpthread",
  ],
];
if (process.platform === "darwin")
  steps[steps.length - 1].splice(1, 0, "-undefined", "dynamic_lookup");
try {
  for (const args of steps) execFileSync(compiler, args, { stdio: ["ignore", "inherit", "pipe"] });
} catch (error) {
  const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message);
  const missing = /cblas\.h|lopenblas/.test(stderr)
    ? "OpenBLAS headers or library not found"
    : (error as NodeJS.ErrnoException).code === "ENOENT"
      ? `no C compiler (\`${compiler}\`)`
      : `the compiler failed: ${stderr.trim().split("\n").slice(-2).join(" ")}`;
  skip(missing, "Debian/Ubuntu: apt-get install gcc libopenblas-dev libopenblas0-pthread");
} finally {
  for (const object of objects) fs.rmSync(object, { force: true });
}
fs.renameSync(`${output}.tmp`, output);
process.stdout.write(`built ${path.relative(process.cwd(), output)} (OpenBLAS via ${compiler})\n`);
