/*
 * `npm run build:lbfgsb-wasm`: compiles the kernels (lbfgsb_*.c, lbfgsb_kernels.h) to one
 * WebAssembly module with clang and writes it, base64, into lbfgsb-wasm-binary.ts together with
 * the SHA-256 of the C sources it came from (lbfgsb-wasm-sources.ts). The
 * generated file is committed, so installing or running vaec needs no C toolchain (a test checks
 * that it matches the source); only changing the C needs clang with the wasm32 target and
 * wasm-ld (Debian/Ubuntu: apt-get install clang lld). `CLANG` names another compiler.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LBFGSB_WASM_UNITS, lbfgsbWasmSourceHash } from "./lbfgsb-wasm-sources.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.join(here, "lbfgsb-wasm-binary.ts");

/** The flags, recorded in the generated file: the arithmetic must stay exactly as written. */
const LBFGSB_WASM_FLAGS = [
  "--target=wasm32",
  "-O3",
  "-msimd128",
  "-nostdlib",
  // No fused multiply-add and no reassociation: the same roundings as the JavaScript loops.
  "-ffp-contract=off",
  "-fno-math-errno",
  "-Wall",
  "-Wextra",
  "-Wl,--no-entry",
  // The caller supplies the memory (sized for a batch of rows); the stack comes first in it.
  "-Wl,--import-memory",
  "-Wl,--stack-first",
  "-Wl,-z,stack-size=65536",
  "-Wl,--export=__heap_base",
];

function findClang(): string {
  const candidates = [process.env.CLANG, "clang", "clang-16", "clang-15", "clang-14"];
  for (const name of candidates) {
    if (!name) continue;
    try {
      execFileSync(name, ["--version"], { stdio: "ignore" });
      return name;
    } catch {
      // Not this one.
    }
  }
  process.stderr.write(
    "build:lbfgsb-wasm: no clang found (set CLANG, or apt-get install clang lld)\n",
  );
  process.exit(1);
}

const clang = findClang();
const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "vaec-lbfgsb-")), "kernels.wasm");
execFileSync(clang, [...LBFGSB_WASM_FLAGS, "-o", output, ...LBFGSB_WASM_UNITS], {
  stdio: "inherit",
});
const bytes = fs.readFileSync(output);
const sourceHash = lbfgsbWasmSourceHash();
const base64 = bytes.toString("base64");
const lines: string[] = [];
for (let i = 0; i < base64.length; i += 96) lines.push(`  "${base64.slice(i, i + 96)}",`);
fs.writeFileSync(
  target,
  [
    "// Generated from lbfgsb_*.c by `npm run build:lbfgsb-wasm`: do not edit.",
    "export const LBFGSB_WASM_SOURCE_SHA256 =",
    `  "${sourceHash}";`,
    `export const LBFGSB_WASM_BASE64 = [`,
    ...lines,
    `].join("");`,
    "",
  ].join("\n"),
);
process.stdout.write(
  `built ${path.relative(process.cwd(), target)}: ${bytes.length} bytes of wasm (${clang})\n`,
);
