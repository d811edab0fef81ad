import fs from "node:fs";
import path from "node:path";
import type { AttackKind, AttackSettings, Diagnostic } from "@vaec/compiler";
import type { RowMetrics } from "../attack/attack-metrics.js";
import type { AttackRowStatus } from "../attack/run-attack.js";
import { writeFileAtomic, writeJsonAtomic } from "../run-store/atomic-write.js";
import { runPaths } from "../run-store/layout.js";
import { readVersionedJson } from "../run-store/read-versioned.js";
import { RESULTS_FILE_FORMAT } from "../run-store/versions.js";
import { summarizeDownstream, type PairDownstream } from "../metrics/downstream.js";
import type { DownstreamInfo } from "../metrics/run-metrics.js";

/*
 * What one `vaec attack` writes into <run>/attack/: results.json (everything, including each
 * pair's whole lambda curve and the optimiser's status per row) and results.csv (one line per
 * attack, pair and lambda, with the chosen lambda flagged), both written atomically. results.json
 * names its format and version (run-store/versions.ts), checked on read. The metrics of
 * metrics/ (AUDDC, downstream success) are optional fields, absent from older files of the
 * same version, so readers treat them as possibly missing.
 */

export const RESULTS_FORMAT = RESULTS_FILE_FORMAT.name;
export const RESULTS_VERSION = RESULTS_FILE_FORMAT.version;

export interface PairResult {
  pair: number;
  /** Indices into the run's held-out split. */
  source: number;
  target: number;
  chosenIndex: number;
  /** The metrics with no perturbation (d = 0, lambda = 0): where the attack starts from. */
  baseline: RowMetrics;
  /** The mean of Delta over the pair's lambdas that the paper's rule compared against. */
  meanDelta: number;
  /** One entry per lambda, in grid order. */
  curve: RowMetrics[];
  /** The optimiser's end state per lambda, in grid order. */
  status: AttackRowStatus[];
  /** ||x_t - x||: AUDDC's distortion scale. */
  sourceTargetDistance?: number;
  /** Area under the normalised distortion-distance curve (metrics/auddc.ts); null if undefined. */
  auddc?: number | null;
  /** Classes and the classifier's predictions (metrics/downstream.ts), when the data has labels. */
  downstream?: PairDownstream;
}

/** Means over pairs of the metrics at each pair's chosen lambda. */
export interface AttackSummary {
  /** The divergence at d = 0, before the attack. */
  baselineDelta: number;
  delta: number;
  deltaWithoutLambda: number;
  distortion: number;
  logLikelihoodTarget: number;
  l2ToTarget: number;
  l2ToSource: number;
  /** Geometric mean of the chosen lambdas (0 counts as the grid's smallest positive value). */
  lambda: number;
  /** Mean AUDDC over the pairs where it is defined (the whole curve, not the chosen lambda). */
  auddc?: number | null;
  /** Fraction of pairs whose adversarial reconstruction is classified as the target's class. */
  downstreamSuccess?: number | null;
  /** Fraction of the pairs' clean source reconstructions classified as the source's class. */
  downstreamCleanAccuracy?: number | null;
}

export interface KindResult {
  kind: AttackKind;
  seconds: number;
  /** Batched objective evaluations (one forward + backward over every running row each). */
  rounds: number;
  summary: AttackSummary;
  pairs: PairResult[];
  /** The labelled panel (SVG), relative to the run directory; its PNG sits beside it. */
  panel?: { svg: string };
}

export interface AttackResults {
  format: typeof RESULTS_FORMAT;
  version: typeof RESULTS_VERSION;
  model: string;
  family: string;
  irHash: string;
  /** The checkpoint's training step. */
  step: number;
  settings: AttackSettings;
  /** Held-out examples the pairs were drawn from. */
  heldOut: number;
  createdAt: string;
  attacks: KindResult[];
  /** The classifier that judged downstream success, when the data has labels. */
  downstream?: DownstreamInfo;
}

export const attackPaths = (runDir: string) => {
  const dir = runPaths(runDir).attack;
  return {
    dir,
    json: path.join(dir, "results.json"),
    csv: path.join(dir, "results.csv"),
    panelSvg: (kind: AttackKind) => path.join(dir, `panel-${kind}.svg`),
    /** The pairs after the panel's first few, for the report's <details>. */
    panelRestSvg: (kind: AttackKind) => path.join(dir, `panel-${kind}-rest.svg`),
    /** Written by the CLI, which rasterises the SVG (resvg is a CLI dependency). */
    panelPng: (kind: AttackKind) => path.join(dir, `panel-${kind}.png`),
  };
};

export function summarizeKind(pairs: readonly PairResult[]): AttackSummary {
  const chosen = pairs.map((p) => p.curve[p.chosenIndex]);
  const mean = (f: (r: RowMetrics) => number) =>
    chosen.reduce((s, r) => s + f(r), 0) / Math.max(1, chosen.length);
  const positive = pairs.flatMap((p) => p.curve.map((r) => r.lambda)).filter((l) => l > 0);
  const floor = positive.length > 0 ? Math.min(...positive) : 1;
  return {
    baselineDelta:
      pairs.reduce((s, p) => s + p.baseline.deltaWithoutLambda, 0) / Math.max(1, pairs.length),
    delta: mean((r) => r.delta),
    deltaWithoutLambda: mean((r) => r.deltaWithoutLambda),
    distortion: mean((r) => r.distortion),
    logLikelihoodTarget: mean((r) => r.logLikelihoodTarget),
    l2ToTarget: mean((r) => r.l2ToTarget),
    l2ToSource: mean((r) => r.l2ToSource),
    lambda: Math.exp(mean((r) => Math.log(Math.max(r.lambda, floor)))),
    ...extraSummary(pairs),
  };
}

/** The metrics/ fields of the summary, from the pairs that carry them. */
function extraSummary(pairs: readonly PairResult[]): Partial<AttackSummary> {
  const areas = pairs.flatMap((p) => (typeof p.auddc === "number" ? [p.auddc] : []));
  const extra: Partial<AttackSummary> = {};
  if (pairs.some((p) => p.auddc !== undefined)) {
    extra.auddc = areas.length > 0 ? areas.reduce((s, v) => s + v, 0) / areas.length : null;
  }
  if (pairs.some((p) => p.downstream)) {
    const downstream = summarizeDownstream(pairs);
    extra.downstreamSuccess = downstream.success;
    extra.downstreamCleanAccuracy = downstream.cleanAccuracy;
  }
  return extra;
}

const CSV_COLUMNS = [
  "attack",
  "pair",
  "source",
  "target",
  "lambda_index",
  "lambda",
  "chosen",
  "delta",
  "delta_without_lambda",
  "distortion",
  "log_p_target",
  "l2_to_target",
  "l2_to_source",
  "status",
  "iterations",
  "baseline_divergence",
  "auddc",
  "source_class",
  "target_class",
  "predicted_class",
] as const;

export function resultsToCsv(results: AttackResults): string {
  const lines: string[] = [CSV_COLUMNS.join(",")];
  for (const attack of results.attacks) {
    for (const pair of attack.pairs) {
      pair.curve.forEach((row, l) => {
        const status = pair.status[l];
        lines.push(
          [
            attack.kind,
            pair.pair,
            pair.source,
            pair.target,
            row.lambdaIndex,
            row.lambda,
            l === pair.chosenIndex ? 1 : 0,
            row.delta,
            row.deltaWithoutLambda,
            row.distortion,
            row.logLikelihoodTarget,
            row.l2ToTarget,
            row.l2ToSource,
            status?.status ?? "",
            status?.iterations ?? "",
            pair.baseline.deltaWithoutLambda,
            pair.auddc ?? "",
            pair.downstream?.sourceClass ?? "",
            pair.downstream?.targetClass ?? "",
            pair.downstream?.predictions[l] ?? "",
          ].join(","),
        );
      });
    }
  }
  return lines.join("\n") + "\n";
}

/** Writes results.json and results.csv atomically (each readable whole or not at all). */
export function writeAttackResults(runDir: string, results: AttackResults): void {
  const paths = attackPaths(runDir);
  fs.mkdirSync(paths.dir, { recursive: true });
  writeJsonAtomic(paths.json, results);
  writeFileAtomic(paths.csv, resultsToCsv(results));
}

/**
 * The results of the run's last attack: null when it has none; VAE547 when they were written in
 * another format version, VAE548 when the file is damaged.
 */
export function loadAttackResults(runDir: string): {
  result: AttackResults | null;
  diagnostics: Diagnostic[];
} {
  const file = attackPaths(runDir).json;
  if (!fs.existsSync(file)) return { result: null, diagnostics: [] };
  const read = readVersionedJson<AttackResults>(file, RESULTS_FILE_FORMAT);
  return { result: read.result ?? null, diagnostics: read.diagnostics };
}

/** The results of the run's last attack, or null when it has none or they cannot be read. */
export function readAttackResults(runDir: string): AttackResults | null {
  return loadAttackResults(runDir).result;
}
