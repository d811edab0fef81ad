/*
 * Where a training step of the raw reference workload spends its time, kernel by kernel, on the
 * backend and switches given by the environment: `npx tsx bench/workloads/profile-raw.ts`
 * (or `npm run bench -- --profile`). Kernel times are wall-clock around each kernel call; the rest
 * of the step (the tape, JavaScript, allocation outside kernels) is reported as "outside kernels".
 */
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "@vaec/runtime";
import { makeRawTrainer } from "./raw-trainer.js";

const steps = Number(process.argv[2] ?? 3);
await initBackend({ verbose: true });
const trainer = makeRawTrainer(128, 1);
trainer.step();
trainer.step();
const totals = new Map<string, { ms: number; calls: number }>();
let wall = 0;
for (let i = 0; i < steps; i++) {
  const start = performance.now();
  const profile = await tf.profile(() => {
    trainer.step();
  });
  wall += performance.now() - start;
  for (const k of profile.kernels) {
    // Ops with a custom gradient appear both as a wrapper and as their kernels: count kernels only.
    if (k.name.endsWith("__op")) continue;
    const shapes = ` ${k.inputShapes.map((s) => `[${s}]`).join(" ")}`;
    const key = `${k.name}${shapes}`;
    const entry = totals.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs);
    entry.calls += 1;
    totals.set(key, entry);
  }
}
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
const inKernels = rows.reduce((s, [, e]) => s + e.ms, 0);
const perStep = wall / steps;
console.log(`${steps} profiled steps, ${perStep.toFixed(0)} ms per step (profiling adds overhead)`);
for (const [key, e] of rows.slice(0, 25)) {
  const ms = e.ms / steps;
  console.log(
    `${((100 * ms) / perStep).toFixed(1).padStart(5)}%  ${ms.toFixed(1).padStart(7)} ms  ${String(e.calls / steps).padStart(4)}x  ${key}`,
  );
}
const outside = perStep - inKernels / steps;
console.log(
  `${((100 * outside) / perStep).toFixed(1).padStart(5)}%  ${outside.toFixed(1).padStart(7)} ms        outside kernels`,
);
