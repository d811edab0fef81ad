import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { AttackKind, AttackSettings, Diagnostic } from "@vaec/compiler";
import { attackMetrics, summarizePairs } from "../attack/attack-metrics.js";
import { readAndDispose } from "../backend/webgpu/read-values.js";
import type { AttackModelView } from "../attack/model-view.js";
import { latentValues } from "../attack/model-view.js";
import { pickPairs, type AttackPair } from "../attack/pick-pairs.js";
import { runAttack, type AttackRequest, type AttackRun } from "../attack/run-attack.js";
import {
  attackPairExtras,
  downstreamInfo,
  ensureModelMetrics,
  prepareRunMetrics,
  type RunMetricsContext,
} from "../metrics/run-metrics.js";
import { attackModelView } from "../attack/vae-model-view.js";
import { disposeModel } from "../model/vae-model.js";
import {
  PANEL_PAIRS,
  renderAttackPanelSvg,
  scaleDistortion,
  type PanelRow,
} from "../figures/attack-panel.js";
import { attackSettingsDigest, beginAttackSession } from "../run-store/attack-session.js";
import { writeFileAtomic } from "../run-store/atomic-write.js";
import { dataSite, tooFewToAttack } from "../data/data-diagnostics.js";
import { loadRunData, openRun } from "../run-store/open-run.js";
import { acquireRunLock } from "../run-store/run-lock.js";
import { RunStoreError } from "../run-store/store-error.js";
import {
  attackPaths,
  summarizeKind,
  writeAttackResults,
  RESULTS_FORMAT,
  RESULTS_VERSION,
  type AttackResults,
  type KindResult,
  type PairResult,
} from "./attack-results.js";

/*
 * `vaec attack` on a trained run: P seeded (source, target) pairs from the held-out split, each
 * attack kind run over all pairs x lambdas as one batched problem (attack/run-attack.ts), the
 * metrics of every row, the lambda the paper's rule picks per pair with the whole curve kept,
 * the labelled panel of a few pairs per attack, and results.json + results.csv. The run's lock is
 * held throughout (an attack while the run trains is VAE545) and run.json records the attack.
 */

export interface AttackRunOptions {
  /** Defaults to the run's IR attack settings. */
  settings?: AttackSettings;
  /** Explicit (source, target) held-out indices instead of `settings.pairs` random ones. */
  pairs?: AttackPair[];
  /** What the user typed, for the lock and messages (default `vaec attack`). */
  command?: string;
  /** Pairs drawn in each attack's panel (default 4). */
  panelPairs?: number;
  /** Called as the optimisers advance: `done` of `total` units (rows x steps over every kind). */
  onProgress?: (progress: AttackProgress) => void;
  onStart?: (info: AttackStart) => void;
  onKindDone?: (result: KindResult) => void;
}

export interface AttackStart {
  model: string;
  step: number;
  kinds: AttackKind[];
  pairs: number;
  lambdas: number;
  steps: number;
  total: number;
}

export interface AttackProgress {
  kind: AttackKind;
  done: number;
  total: number;
  /** (pair, lambda) rows of this kind still being optimised. */
  active: number;
}

export interface AttackRunResult {
  runDir: string;
  results: AttackResults;
  files: string[];
}

export async function attackRunDir(
  runDir: string,
  options: AttackRunOptions = {},
): Promise<{ result?: AttackRunResult; diagnostics: Diagnostic[] }> {
  const locked = acquireRunLock(runDir, options.command ?? "vaec attack");
  const lock = locked.result;
  if (!lock) return { diagnostics: locked.diagnostics };
  try {
    return await attackLocked(runDir, options, () => lock.heartbeat());
  } catch (error) {
    if (error instanceof RunStoreError) return { diagnostics: [error.diagnostic] };
    throw error;
  } finally {
    lock.release();
  }
}

async function attackLocked(
  runDir: string,
  options: AttackRunOptions,
  heartbeat: () => void,
): Promise<{ result?: AttackRunResult; diagnostics: Diagnostic[] }> {
  const opened = openRun(runDir);
  const run = opened.result;
  if (!run) return { diagnostics: opened.diagnostics };
  const tensors: tf.Tensor[] = [];
  let runMetrics: RunMetricsContext | undefined;
  try {
    const data = loadRunData(run);
    if (!data.result) return { diagnostics: data.diagnostics };
    // Labels (npz ones too) and the downstream classifier, for AUDDC and attack success.
    runMetrics = await prepareRunMetrics(run, data.result);
    const heldOut = runMetrics.split.heldOut;
    const settings = options.settings ?? run.ir.attack;
    const classes = runMetrics.downstream?.heldOutClasses;
    // Pairs need a source and a different target: a coded error, not pickPairs' throw (VAE516).
    if (!options.pairs && heldOut.size < 2) {
      const site = dataSite(run.ir.data, undefined);
      return { diagnostics: [tooFewToAttack(site, heldOut.size, data.result.all.size)] };
    }
    const pairs = options.pairs ?? pickPairs(settings.pairs, heldOut.size, settings.seed, classes);
    const n = heldOut.dim;
    const sources = tf.tensor2d(heldOut.get(pairs.map((p) => p.source)), [pairs.length, n]);
    const targets = tf.tensor2d(heldOut.get(pairs.map((p) => p.target)), [pairs.length, n]);
    tensors.push(sources, targets);
    const view = attackModelView(run.model);
    const steps = settings.optimizer.steps;
    const rowsPerKind = pairs.length * settings.lambdas.length;
    const total = settings.kinds.length * rowsPerKind * steps;
    const step = run.checkpoint.manifest.position.step;
    const session = beginAttackSession(runDir, step, attackSettingsDigest(settings, options.pairs));
    options.onStart?.({
      model: run.ir.name,
      step,
      kinds: settings.kinds,
      pairs: pairs.length,
      lambdas: settings.lambdas.length,
      steps,
      total,
    });

    const paths = attackPaths(runDir);
    fs.mkdirSync(paths.dir, { recursive: true });
    const files: string[] = [];
    const attacks: KindResult[] = [];
    for (const [k, kind] of settings.kinds.entries()) {
      const offset = k * rowsPerKind * steps;
      const request: AttackRequest = {
        kind,
        sources,
        targets,
        lambdas: settings.lambdas,
        layers: settings.layers,
        path: settings.path,
        optimizer: settings.optimizer,
        seed: settings.seed,
        onRound: ({ round, active, total: rows }) => {
          // Finished rows count whole; running ones as far as the round count (capped at steps).
          const done = (rows - active) * steps + active * Math.min(round, steps - 1);
          heartbeat();
          options.onProgress?.({ kind, done: offset + done, total, active });
        },
      };
      const started = performance.now();
      const attack = await runAttack(view, request).catch((error: unknown) => {
        session.end("failed");
        throw error;
      });
      const metrics = await attackMetrics(view, request, attack, {
        samples: settings.samples,
        seed: settings.seed,
      });
      const seconds = (performance.now() - started) / 1000;
      // The same metrics with d = 0: what each pair looked like before the attack.
      const baseline = await attackMetrics(
        view,
        { ...request, lambdas: [0] },
        { ...attack, lambdas: [0], perturbations: new Float32Array(pairs.length * n) },
        { samples: settings.samples, seed: settings.seed },
      );
      options.onProgress?.({ kind, done: offset + rowsPerKind * steps, total, active: 0 });
      const count = settings.lambdas.length;
      const pairResults: PairResult[] = summarizePairs(metrics).map((s) => ({
        pair: s.pair,
        source: pairs[s.pair].source,
        target: pairs[s.pair].target,
        chosenIndex: s.chosen.lambdaIndex,
        baseline: baseline[s.pair],
        meanDelta: s.meanDelta,
        curve: s.curve,
        status: attack.rows.slice(s.pair * count, (s.pair + 1) * count),
      }));
      const extras = await attackPairExtras(
        view,
        runMetrics,
        sources,
        targets,
        attack,
        pairResults,
      );
      pairResults.forEach((p, i) => Object.assign(p, extras[i]));
      const shown = options.panelPairs ?? PANEL_PAIRS;
      const panelSvg = renderAttackPanelSvg({
        title: `${run.ir.name}: ${KIND_TITLES[kind]} (step ${step})`,
        shape: run.ir.data.shape,
        range: run.ir.data.range,
        rows: await panelRows(view, sources, targets, attack, pairResults, shown),
      });
      writeFileAtomic(paths.panelSvg(kind), panelSvg);
      files.push(paths.panelSvg(kind));
      // Every other pair in a second panel, so the report can show all of them.
      const rest = pairResults.slice(shown);
      if (rest.length > 0) {
        const restSvg = renderAttackPanelSvg({
          title: `${run.ir.name}: ${KIND_TITLES[kind]}, the other ${rest.length} pairs`,
          shape: run.ir.data.shape,
          range: run.ir.data.range,
          rows: await panelRows(view, sources, targets, attack, rest, rest.length),
        });
        writeFileAtomic(paths.panelRestSvg(kind), restSvg);
        files.push(paths.panelRestSvg(kind));
      } else {
        fs.rmSync(paths.panelRestSvg(kind), { force: true });
      }
      const result: KindResult = {
        kind,
        seconds,
        rounds: attack.rounds,
        summary: summarizeKind(pairResults),
        pairs: pairResults,
        panel: { svg: path.relative(runDir, paths.panelSvg(kind)) },
      };
      attacks.push(result);
      options.onKindDone?.(result);
    }
    const results: AttackResults = {
      format: RESULTS_FORMAT,
      version: RESULTS_VERSION,
      model: run.ir.name,
      family: run.ir.family.name,
      irHash: run.ir.hash,
      step,
      settings: { ...settings, pairs: pairs.length },
      heldOut: heldOut.size,
      createdAt: new Date().toISOString(),
      attacks,
      downstream: downstreamInfo(runMetrics, options.pairs === undefined && classes !== undefined),
    };
    try {
      writeAttackResults(runDir, results);
    } catch (error) {
      session.end("failed");
      throw error;
    }
    // The attack-free metrics of the model (margin, MIG), unless this checkpoint has them.
    const modelMetrics = await ensureModelMetrics(run, view, runMetrics);
    session.end("finished");
    files.unshift(paths.json, paths.csv);
    const diagnostics = [
      ...data.diagnostics,
      ...runMetrics.diagnostics,
      ...modelMetrics.diagnostics,
    ];
    return { result: { runDir, results, files }, diagnostics };
  } finally {
    runMetrics?.dispose();
    tf.dispose(tensors);
    disposeModel(run.model);
  }
}

export const KIND_TITLES: Record<AttackKind, string> = {
  kl: "latent attack (KL)",
  w2: "latent attack (W2)",
  output: "output attack",
};

/** The panel's images for the first `count` pairs, each at its chosen lambda. */
async function panelRows(
  view: AttackModelView,
  sources: tf.Tensor2D,
  targets: tf.Tensor2D,
  attack: AttackRun,
  pairs: readonly PairResult[],
  count: number,
): Promise<PanelRow[]> {
  const shown = pairs.slice(0, Math.max(0, count));
  if (shown.length === 0) return [];
  const n = attack.dataSize;
  const lambdas = attack.lambdas.length;
  const d = new Float32Array(shown.length * n);
  shown.forEach((p, i) => {
    const row = p.pair * lambdas + p.chosenIndex;
    d.set(attack.perturbations.subarray(row * n, (row + 1) * n), i * n);
  });
  const [lo, hi] = view.range;
  const [x, xt, rx, xa, ra] = await readAndDispose(
    tf.tidy(() => {
      const index = tf.tensor1d(
        Int32Array.from(shown, (p) => p.pair),
        "int32",
      );
      const x = tf.gather(sources, index) as tf.Tensor2D;
      const xt = tf.gather(targets, index) as tf.Tensor2D;
      // Clipped as the box constraint guarantees up to rounding.
      const xAdv = tf.clipByValue(
        tf.add(x, tf.tensor2d(d, [shown.length, n])),
        lo,
        hi,
      ) as tf.Tensor2D;
      const recon = (input: tf.Tensor2D) =>
        view.reconstruct(latentValues(view.encode(input, { kind: "mean" })));
      return [x, xt, recon(x), xAdv, recon(xAdv)];
    }),
  );
  const slice = (a: Float32Array, i: number) => a.slice(i * n, (i + 1) * n);
  return shown.map((p, i) => {
    const chosen = p.curve[p.chosenIndex];
    return {
      label: `pair ${p.pair} (${p.source} -> ${p.target})`,
      detail: `lambda ${formatLambda(chosen.lambda)}, ||d|| ${chosen.distortion.toFixed(2)}`,
      original: slice(x, i),
      target: slice(xt, i),
      reconstruction: slice(rx, i),
      adversarial: slice(xa, i),
      distortion: scaleDistortion(d.slice(i * n, (i + 1) * n)),
      adversarialReconstruction: slice(ra, i),
    };
  });
}

export function formatLambda(lambda: number): string {
  if (lambda === 0) return "0";
  const c = Math.log2(lambda);
  return `2^${Math.abs(c - Math.round(c)) < 1e-9 ? Math.round(c) : c.toFixed(2)}`;
}
