// `npm install @vaec/runtime`: builds the optional native BLAS addon (dist/vaec_blas.node) when a
// C compiler, Node's headers and OpenBLAS are present, and says what to install otherwise; it
// never fails the install. In the repository (src/ beside this folder) the root's postinstall
// builds the addon after compiling the packages, so this does nothing there.
import fs from "node:fs";

const fromSource = fs.existsSync(new URL("../src/", import.meta.url));
const script = new URL("../dist/backend/blas/build-blas.js", import.meta.url);
if (!fromSource && fs.existsSync(script)) {
  try {
    await import(script.href);
  } catch (error) {
    process.stdout.write(`build:blas skipped: ${error instanceof Error ? error.message : error}\n`);
  }
}
