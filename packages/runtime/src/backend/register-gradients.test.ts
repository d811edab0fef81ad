import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * The order in which Node evaluates tfjs-core and the vendored gradient bundle decides whether
 * gradients work at all (register-gradients.ts). Each case runs in a fresh process, because the
 * first import of a process is what matters and vitest's own loader has already imported
 * tfjs-core by the time a test runs.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "../..");
const url = (file: string) => pathToFileURL(path.join(here, file)).href;

/** Imports `first` before anything else, then takes one Adam step on a loss built with addN. */
function trainAfterImporting(first: string) {
  const script = `
    import ${JSON.stringify(first)};
    const tf = await import("@tensorflow/tfjs-core");
    const { initBackend, adamStep } = await import(${JSON.stringify(url("index.ts"))});
    await initBackend({ backend: "wasm" });
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const x = tf.tensor1d([0.5, -1, 2]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.addN([tf.mul(w, x), tf.square(w), w])));
    const g = grads[w.name];
    const next = adamStep(w, g, tf.zerosLike(w), tf.zerosLike(w), 1);
    w.assign(next.param);
    console.log(JSON.stringify({ grad: Array.from(g.dataSync()), param: Array.from(w.dataSync()) }));
  `;
  const child = spawnSync(
    process.execPath,
    ["--conditions=@vaec/source", "--import", "tsx", "--input-type=module", "-e", script],
    { cwd: packageDir, encoding: "utf8", timeout: 120_000 },
  );
  const line = child.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .pop();
  return {
    status: child.status,
    stderr: child.stderr,
    result: line ? (JSON.parse(line) as { grad: number[]; param: number[] }) : undefined,
  };
}

function expectOneStep(outcome: ReturnType<typeof trainAfterImporting>) {
  expect(outcome.stderr).not.toMatch(/Error/);
  expect(outcome.status).toBe(0);
  // d/dw sum(w x + w^2 + w) = x + 2 w + 1; Adam's first step moves each weight by lr against it.
  expect(outcome.result?.grad).toEqual([3.5, 4, 9]);
  outcome.result?.param.forEach((p, i) => expect(p).toBeCloseTo([1, 2, 3][i] - 1e-3, 6));
}

describe("gradient registration, whatever is imported first", () => {
  it("trains when the backend module is the first import of the process", () => {
    expectOneStep(trainAfterImporting(url("index.ts")));
  });

  it("trains when @vaec/runtime's entry point is the first import of the process", () => {
    expectOneStep(trainAfterImporting(url("../index.ts")));
  });

  it("fails when the gradient bundle is evaluated before tfjs-core (the case guarded against)", () => {
    const outcome = trainAfterImporting(url("vendor/tfjs-core-gradients.mjs"));
    expect(outcome.status).not.toBe(0);
    expect(outcome.result).toBeUndefined();
  });
});
