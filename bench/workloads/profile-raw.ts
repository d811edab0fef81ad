/*
 * Where a training step of the raw reference workload spends its time, kernel by kernel, on the
 * backend and switches given by the environment: `npx tsx bench/workloads/profile-raw.ts [steps]`.
 * Kernel times are wall-clock around each kernel call; each kernel's figure is its median over the
 * profiled steps, so a step where the process was descheduled (a shared machine) does not skew it.
 * "outside kernels" is the rest of the median step: the tape, JavaScript, allocation.
 */
import * as tf from "@tensorflow/tfjs-core";
import { describeBackend, initBackend } from "@vaec/runtime";
import { summarize } from "../lib/stats.js";
import { makeRawTrainer } from "./raw-trainer.js";

const steps = Number(process.argv[2] ?? 7);
const info = await initBackend({ onWarning: (d) => console.error(`${d.code}: ${d.message}`) });
console.error(describeBackend(info).join("\n"));
const trainer = makeRawTrainer(128, 1);
await trainer.step();
await trainer.step();
const perStep = new Map<string, { ms: number[]; calls: number }>();
const walls: number[] = [];
for (let i = 0; i < steps; i++) {
  const start = performance.now();
  const profile = await tf.profile(async () => {
    await trainer.step();
  });
  walls.push(performance.now() - start);
  const step = new Map<string, number>();
  for (const k of profile.kernels) {
    // Ops with a custom gradient appear both as a wrapper and as their kernels: count kernels only.
    if (k.name.endsWith("__op")) continue;
    const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(" ")}`;
    step.set(key, (step.get(key) ?? 0) + Number(k.kernelTimeMs));
    const entry = perStep.get(key) ?? { ms: [], calls: 0 };
    entry.calls += 1;
    perStep.set(key, entry);
  }
  for (const [key, ms] of step) perStep.get(key)?.ms.push(ms);
}
const wall = summarize(walls).median;
const rows = [...perStep.entries()]
  .map(([key, e]) => ({
    key,
    ms: summarize([...e.ms, ...Array(steps - e.ms.length).fill(0)]).median,
    calls: e.calls / steps,
  }))
  .sort((a, b) => b.ms - a.ms);
const inKernels = rows.reduce((s, r) => s + r.ms, 0);
console.log(
  `${steps} profiled steps, median ${wall.toFixed(0)} ms per step (profiling adds overhead)`,
);
for (const r of rows.slice(0, 25)) {
  console.log(
    `${((100 * r.ms) / wall).toFixed(1).padStart(5)}%  ${r.ms.toFixed(1).padStart(7)} ms  ${String(r.calls).padStart(4)}x  ${r.key}`,
  );
}
const outside = wall - inKernels;
console.log(
  `${((100 * outside) / wall).toFixed(1).padStart(5)}%  ${outside.toFixed(1).padStart(7)} ms        outside kernels`,
);
