/*
 * Child process of bench/run.ts: trains a vaec spec through the real pipeline (compiler IR,
 * model, data, `trainRun`'s loop) on the backend and switches given by the environment, and
 * prints one JSON line with images/s per repetition (warm-up steps excluded), peak RSS and the
 * tensor count. Run alone: `npx tsx bench/workloads/train-spec.ts bench/specs/reference.vae '{}'`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { compileSource } from "@vaec/compiler";
import { initBackend, trainRun } from "@vaec/runtime";
import { peakRssMiB } from "../lib/stats.js";

const file = process.argv[2];
const options = { warmup: 2, reps: 5, stepsPerRep: 5, ...JSON.parse(process.argv[3] ?? "{}") } as {
  warmup: number;
  reps: number;
  stepsPerRep: number;
};
const text = fs.readFileSync(file, "utf8");
const totalSteps = options.warmup + options.reps * options.stepsPerRep;
// The step count goes through the IR, like every training setting (it is part of the run's id).
const compiled = compileSource(
  { path: file, text },
  { set: { "train.steps": String(totalSteps) } },
);
if (!compiled.result) {
  const codes = compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ");
  throw new Error(`${file} does not compile: ${codes}`);
}
const info = await initBackend();
const out = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-bench-"));
const stamps: number[] = [];
const cpuStamps: number[] = [];
let tensorsAfterWarmup = 0;
let tensorsAtLastStep = 0;
let batch = 0;
try {
  const { result, diagnostics } = await trainRun({
    ir: compiled.result.ir,
    specText: text,
    specFile: file,
    out,
    finalEvalExamples: 0,
    onStart: (start) => (batch = start.batch),
    onStep: (event) => {
      stamps.push(performance.now());
      const cpu = process.cpuUsage();
      cpuStamps.push((cpu.user + cpu.system) / 1e6);
      if (event.step === options.warmup) tensorsAfterWarmup = tf.memory().numTensors;
      tensorsAtLastStep = tf.memory().numTensors;
    },
  });
  if (!result) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("; "));
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
const imagesPerSecond: number[] = [];
const imagesPerCpuSecond: number[] = [];
for (let r = 0; r < options.reps; r++) {
  const from = options.warmup - 1 + r * options.stepsPerRep;
  const to = from + options.stepsPerRep;
  imagesPerSecond.push((options.stepsPerRep * batch) / ((stamps[to] - stamps[from]) / 1000));
  imagesPerCpuSecond.push((options.stepsPerRep * batch) / (cpuStamps[to] - cpuStamps[from]));
}
process.stdout.write(
  JSON.stringify({
    backend: info.name,
    threads: info.threads,
    fastPath: info.fastPath,
    batch,
    imagesPerSecond,
    imagesPerCpuSecond,
    tensorsAfterWarmup,
    // At the last step, before trainRun disposes the model.
    tensorsAfter: tensorsAtLastStep,
    peakRssMiB: peakRssMiB(),
  }) + "\n",
);
