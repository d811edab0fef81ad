import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBlasAddon } from "./blas/blas-addon.js";
import { adamStep } from "./fused-adam.js";
import { initBackend } from "./init-backend.js";
import { threadedWasmUnavailable } from "./wasm-threads.js";

const SINGLE = { VAEC_WASM_THREADS: "0" };
const THREADED = { VAEC_WASM_THREADS: "1", VAEC_WASM_THREAD_COUNT: "2" };

/** A matmul big enough for XNNPACK to split it, and one training step of a small MLP: the
 * forward pass, its gradients (transposed products) and Adam's update, all read back. */
function workload(): number[][] {
  return tf.tidy(() => {
    const a = tf.randomNormal([128, 600], 0, 1, "float32", 1);
    const b = tf.randomNormal([600, 1024], 0, 1, "float32", 2);
    const x = tf.randomUniform([64, 300], 0, 1, "float32", 3);
    const w1 = tf.randomNormal([300, 200], 0, 0.1, "float32", 4);
    const b1 = tf.randomNormal([200], 0, 0.1, "float32", 5);
    const w2 = tf.randomNormal([200, 50], 0, 0.1, "float32", 6);
    const loss = (p1: tf.Tensor, q1: tf.Tensor, p2: tf.Tensor) =>
      tf.mean(tf.square(tf.matMul(tf.relu(tf.add(tf.matMul(x, p1), q1)), p2))) as tf.Scalar;
    const grads = tf.grads(loss)([w1, b1, w2]);
    const next = adamStep(w1, grads[0], tf.zerosLike(w1), tf.zerosLike(w1), 1);
    return [tf.matMul(a, b), ...grads, next.param, next.m, next.v].map((t) =>
      Array.from(t.dataSync()),
    );
  });
}

function expectSame(actual: number[][], expected: number[][]): void {
  expect(actual.map((a) => a.length)).toEqual(expected.map((e) => e.length));
  for (let i = 0; i < expected.length; i++) {
    let scale = 0;
    let worst = 0;
    for (let j = 0; j < expected[i].length; j++) {
      scale = Math.max(scale, Math.abs(expected[i][j]));
      worst = Math.max(worst, Math.abs(actual[i][j] - expected[i][j]));
    }
    expect(scale, `output ${i} is not all zeros`).toBeGreaterThan(0);
    expect(worst / scale, `output ${i}`).toBeLessThan(1e-6);
  }
}

let unavailable: string | undefined;

beforeAll(async () => {
  await initBackend({ backend: "wasm", env: { ...SINGLE, VAEC_BLAS: "0" } });
  unavailable = await threadedWasmUnavailable();
});

// Leave the single-threaded build in place (and the threaded one's workers stopped).
afterAll(async () => {
  await initBackend({ backend: "wasm", env: SINGLE });
});

describe("the threaded SIMD wasm build", () => {
  for (const blas of ["0", "1"]) {
    it(`computes what the single-threaded build does (VAEC_BLAS=${blas})`, async (ctx) => {
      if (unavailable) ctx.skip(`threads unavailable: ${unavailable}`);
      if (blas === "1" && loadBlasAddon().kind !== "loaded") ctx.skip("BLAS addon not built");
      const single = await initBackend({ backend: "wasm", env: { ...SINGLE, VAEC_BLAS: blas } });
      expect([single.threads, single.fastPath.wasmThreads]).toEqual([1, false]);
      const expected = workload();
      const threaded = await initBackend({
        backend: "wasm",
        env: { ...THREADED, VAEC_BLAS: blas },
      });
      expect([threaded.threads, threaded.fastPath.wasmThreads]).toEqual([2, true]);
      expect(threaded.fastPath.blas).toBe(blas === "1");
      const before = tf.memory().numTensors;
      expectSame(workload(), expected);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("lets the process exit by itself after training on two threads", async (ctx) => {
    if (unavailable) ctx.skip(`threads unavailable: ${unavailable}`);
    const here = path.dirname(fileURLToPath(import.meta.url));
    const index = pathToFileURL(path.join(here, "index.ts")).href;
    // No process.exit: the child ends only if no worker keeps Node's event loop alive.
    const script = `
      const tf = await import("@tensorflow/tfjs-core");
      const { initBackend } = await import(${JSON.stringify(index)});
      const info = await initBackend({ backend: "wasm" });
      const y = tf.matMul(tf.ones([256, 512]), tf.ones([512, 256]));
      console.log(JSON.stringify({ threads: info.threads, y: (await y.data())[0] }));
    `;
    const child = spawnSync(
      process.execPath,
      ["--conditions=@vaec/source", "--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: path.resolve(here, "../.."),
        encoding: "utf8",
        timeout: 30_000,
        env: { ...process.env, ...THREADED, VAEC_BLAS: "0", VAEC_BACKEND: "" },
      },
    );
    expect(child.signal, "killed by the timeout: something kept Node alive").toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const line = child.stdout.split("\n").find((l) => l.startsWith("{"));
    expect(JSON.parse(line ?? "{}")).toEqual({ threads: 2, y: 512 });
  });
});
