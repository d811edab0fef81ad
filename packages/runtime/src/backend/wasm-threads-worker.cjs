"use strict";
/*
 * The pthread worker of tfjs-backend-wasm's threaded SIMD build, as a file Node's worker_threads
 * can load (tfjs hands emscripten a blob: URL, which Node's Worker refuses). The package ships the
 * worker's code as a string, wasm-out/tfjs-backend-wasm-threaded-simd.worker.js; this runs it with
 * the `require` and `__filename` of a CommonJS module, which its Node branch expects. The string
 * holds "\n" escapes that a template literal turned into newlines inside string literals, so they
 * are escaped back first, as tfjs does before making its Blob. See wasm-threads.ts.
 */
const {
  wasmWorkerContents,
} = require("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js");
new Function("require", "__filename", wasmWorkerContents.replace(/\n/g, "\\n"))(
  require,
  __filename,
);
