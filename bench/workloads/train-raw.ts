/*
 * Child process of bench/run.ts: trains the reference network written directly in tfjs on the
 * backend and fast-path switches given by the environment (VAEC_BACKEND, VAEC_FAST_*), and prints
 * one JSON line with images/s per repetition, peak RSS and the tensor count across steps.
 * Run alone: `npx tsx bench/workloads/train-raw.ts '{"reps":3,"seconds":5}'`.
 */
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "@vaec/runtime";
import { peakRssMiB } from "../lib/stats.js";
import { makeRawTrainer } from "./raw-trainer.js";

interface Options {
  batch: number;
  warmup: number;
  reps: number;
  /** Each repetition runs whole steps until at least this many seconds have passed. */
  seconds: number;
  seed: number;
  /** When set: instead of timing, run this many steps and sample tensors and RSS along the way. */
  soak?: number;
}

const options: Options = {
  batch: 128,
  warmup: 2,
  reps: 5,
  seconds: 4,
  seed: 1,
  ...JSON.parse(process.argv[2] ?? "{}"),
};

const info = await initBackend();
const trainer = makeRawTrainer(options.batch, options.seed);
for (let i = 0; i < options.warmup; i++) await trainer.step();
const tensorsBefore = tf.memory().numTensors;
if (options.soak) {
  const samples: Array<{ step: number; tensors: number; rssMiB: number }> = [];
  const every = Math.max(1, Math.floor(options.soak / 10));
  for (let i = 1; i <= options.soak; i++) {
    await trainer.step();
    if (i % every === 0 || i === 1) {
      samples.push({
        step: i,
        tensors: tf.memory().numTensors,
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      });
    }
  }
  process.stdout.write(
    JSON.stringify({ backend: info.name, fastPath: info.fastPath, tensorsBefore, samples }) + "\n",
  );
  process.exit(0);
}
const imagesPerSecond: number[] = [];
const msPerStep: number[] = [];
const imagesPerCpuSecond: number[] = [];
let steps = 0;
let lastLoss = NaN;
for (let r = 0; r < options.reps; r++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  do {
    lastLoss = await trainer.step();
    n += 1;
  } while (performance.now() - start < options.seconds * 1000);
  const elapsed = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  imagesPerSecond.push((n * options.batch) / elapsed);
  imagesPerCpuSecond.push((n * options.batch) / ((used.user + used.system) / 1e6));
  msPerStep.push((elapsed * 1000) / n);
  steps += n;
}
process.stdout.write(
  JSON.stringify({
    backend: info.name,
    threads: info.threads,
    simd: info.simd,
    fastPath: info.fastPath,
    imagesPerSecond,
    imagesPerCpuSecond,
    msPerStep,
    steps,
    lastLoss,
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    peakRssMiB: peakRssMiB(),
  }) + "\n",
);
