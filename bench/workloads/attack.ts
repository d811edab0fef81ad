/*
 * Child process of bench/run.ts: the attack workload of issue 6, P = 10 pairs x 51 lambdas x 50
 * L-BFGS-B steps of one attack kind on examples/seatbelt.vae, timed two ways on the default
 * backend and switches:
 *   batched:        all P x L rows as ONE problem (`runAttack`, one forward + backward per round);
 *   one at a time:  each (pair, lambda) row as its own `runAttack` call. All 510 rows would take
 *                   minutes, so a seeded random subset of rows is timed one by one and the total is
 *                   extrapolated as (mean seconds per row) x rows (labelled so in the report).
 * The model is freshly initialised from a fixed seed and NOT trained (enough for timing: the cost
 * of an evaluation does not depend on the weights' values). A row does the same work either way:
 * the same L-BFGS-B iterations up to float32 rounding (the output lists both for the timed rows).
 * Both ways also record process CPU seconds (`batchedCpuSeconds`, `oneAtATimeCpuSeconds`,
 * `speedupCpu`), less sensitive than wall time to other work on a shared machine (CPU seconds
 * include the backend's helper threads, so they can exceed wall seconds).
 * Prints one JSON line. Run alone: `npx tsx bench/workloads/attack.ts '{"reps":1}'`
 * (options: kind kl|w2|output, pairs, steps, reps, sampleRows, sampleSeed, modelSeed, spec).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import { compileSource, type AttackKind } from "@vaec/compiler";
import {
  attackModelView,
  createModel,
  disposeModel,
  initBackend,
  loadDataset,
  pickPairs,
  runAttack,
  type AttackRequest,
  type AttackRowStatus,
} from "@vaec/runtime";
import { peakRssMiB } from "../lib/stats.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const options = {
  spec: path.join(here, "../../examples/seatbelt.vae"),
  kind: "kl" as AttackKind,
  pairs: 10,
  steps: 50,
  reps: 3,
  sampleRows: 10,
  sampleSeed: 1,
  modelSeed: 1,
  ...JSON.parse(process.argv[2] ?? "{}"),
} as {
  spec: string;
  kind: AttackKind;
  pairs: number;
  steps: number;
  reps: number;
  sampleRows: number;
  sampleSeed: number;
  modelSeed: number;
};

const text = fs.readFileSync(options.spec, "utf8");
const compiled = compileSource({ path: options.spec, text });
if (!compiled.result) {
  const codes = compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ");
  throw new Error(`${options.spec} does not compile: ${codes}`);
}
const ir = compiled.result.ir;
const info = await initBackend();
const data = loadDataset(ir.train.data, ir.data, {
  seed: ir.train.seed,
  heldOut: ir.train.heldOut,
  root: path.dirname(options.spec),
});
if (!data.result) throw new Error(data.diagnostics.map((d) => d.message).join("; "));
const heldOut = data.result.heldOut;
const settings = ir.attack;
const pairs = pickPairs(options.pairs, heldOut.size, settings.seed);
const n = heldOut.dim;
const sources = tf.tensor2d(heldOut.get(pairs.map((p) => p.source)), [pairs.length, n]);
const targets = tf.tensor2d(heldOut.get(pairs.map((p) => p.target)), [pairs.length, n]);
const model = createModel(ir, options.modelSeed);
const view = attackModelView(model);
const lambdas = settings.lambdas;
const rows = pairs.length * lambdas.length;

const request = (steps: number): AttackRequest => ({
  kind: options.kind,
  sources,
  targets,
  lambdas,
  layers: settings.layers,
  path: settings.path,
  optimizer:
    settings.optimizer.kind === "lbfgsb"
      ? { ...settings.optimizer, steps }
      : { kind: "lbfgsb", steps, memory: 10 },
  seed: settings.seed,
});

/** Row r = pair * L + l as its own problem: one source, one target, one lambda. */
function singleRow(row: number, steps: number): AttackRequest {
  const pair = Math.floor(row / lambdas.length);
  return {
    ...request(steps),
    sources: tf.slice(sources, [pair, 0], [1, -1]),
    targets: tf.slice(targets, [pair, 0], [1, -1]),
    lambdas: [lambdas[row % lambdas.length]],
  };
}

/** `count` distinct rows drawn with a seeded generator (mulberry32), in ascending order. */
function sampleRows(count: number, seed: number): number[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, rows)) chosen.add(Math.floor(random() * rows));
  return [...chosen].sort((a, b) => a - b);
}

/** Wall seconds of `work`, and its process CPU seconds pushed onto `cpu` (the machine is shared). */
const seconds = async (work: () => Promise<unknown>, cpu: number[]) => {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1e6);
  return (performance.now() - start) / 1000;
};

// Warm-up (excluded): kernels, the wasm heap's growth and XNNPACK's packed weights, both ways.
await runAttack(view, request(2));
const warmRow = singleRow(0, 2);
await runAttack(view, warmRow);
tf.dispose([warmRow.sources, warmRow.targets]);
const tensorsBefore = tf.memory().numTensors;

const batchedSeconds: number[] = [];
const batchedCpuSeconds: number[] = [];
let batchedRows: AttackRowStatus[] = [];
let rounds = 0;
for (let r = 0; r < options.reps; r++) {
  batchedSeconds.push(
    await seconds(async () => {
      const run = await runAttack(view, request(options.steps));
      batchedRows = run.rows;
      rounds = run.rounds;
    }, batchedCpuSeconds),
  );
}

const sampled = sampleRows(options.sampleRows, options.sampleSeed);
const oneAtATimeSeconds: number[] = [];
const oneAtATimeCpuSeconds: number[] = [];
const sampledRows: AttackRowStatus[] = [];
for (const row of sampled) {
  const single = singleRow(row, options.steps);
  oneAtATimeSeconds.push(
    await seconds(async () => {
      const run = await runAttack(view, single);
      sampledRows.push(run.rows[0]);
    }, oneAtATimeCpuSeconds),
  );
  tf.dispose([single.sources, single.targets]);
}
const tensorsAfter = tf.memory().numTensors;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const meanRow = sum(oneAtATimeSeconds) / oneAtATimeSeconds.length;
const sortedBatched = [...batchedSeconds].sort((a, b) => a - b);
const batchedMedian = sortedBatched[Math.floor(sortedBatched.length / 2)];
// Cross-check of the extrapolation with less sampling noise: rows differ mostly in how many
// evaluations they take (some stop at once, others run all 50 steps), so seconds per evaluation
// one at a time times the batched run's evaluations of all rows (the same rows' work).
const perEvaluation = sum(oneAtATimeSeconds) / sum(sampledRows.map((r) => r.evaluations));
const totalEvaluations = sum(batchedRows.map((r) => r.evaluations));

disposeModel(model);
tf.dispose([sources, targets]);

process.stdout.write(
  JSON.stringify({
    backend: info.name,
    fastPath: info.fastPath,
    spec: path.relative(process.cwd(), options.spec),
    model: `freshly initialised from seed ${options.modelSeed}, untrained`,
    kind: options.kind,
    pairs: pairs.length,
    lambdas: lambdas.length,
    steps: options.steps,
    rows,
    rounds,
    batchedSeconds,
    batchedSecondsMedian: batchedMedian,
    batchedCpuSeconds,
    batchedEvaluations: totalEvaluations,
    meanIterationsBatched: sum(batchedRows.map((r) => r.iterations)) / rows,
    sampledRows: sampled,
    sampleSeed: options.sampleSeed,
    oneAtATimeSeconds,
    // The same rows' iterations both ways: equal up to float32 rounding of the batched products,
    // which can move an ftol or line-search stop by an iteration.
    sampledIterations: sampledRows.map((r) => r.iterations),
    batchedIterationsOfSampled: sampled.map((row) => batchedRows[row].iterations),
    sampledEvaluations: sampledRows.map((r) => r.evaluations),
    oneAtATimeCpuSeconds,
    oneAtATimeSecondsPerRowMean: meanRow,
    oneAtATimeExtrapolatedSeconds: meanRow * rows,
    oneAtATimeExtrapolatedByEvaluations: perEvaluation * totalEvaluations,
    speedup: (meanRow * rows) / batchedMedian,
    // The same ratio in process CPU seconds (less sensitive to other load on a shared machine).
    speedupCpu:
      ((sum(oneAtATimeCpuSeconds) / oneAtATimeCpuSeconds.length) * rows) /
      [...batchedCpuSeconds].sort((a, b) => a - b)[Math.floor(batchedCpuSeconds.length / 2)],
    tensorsBefore,
    tensorsAfter,
    peakRssMiB: peakRssMiB(),
  }) + "\n",
);
