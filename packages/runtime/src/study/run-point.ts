import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { readAttackResults, type AttackResults } from "../attack-pipeline/attack-results.js";
import { attackRunDir } from "../attack-pipeline/attack-run.js";
import { ensureTrainedRun } from "../attack-pipeline/ensure-trained.js";
import { modelMetricValues, pairMetricValues } from "./study-values.js";
import { writeRunReport } from "../report/write-report.js";
import { attackSettingsDigest } from "../run-store/attack-session.js";
import { runPaths } from "../run-store/layout.js";
import { readMetrics } from "../run-store/metrics-log.js";
import { inspectRun } from "../run-store/run-state.js";
import {
  readPointRecord,
  writePointRecord,
  type PairRow,
  type PointRecord,
} from "./point-record.js";
import { axisValue } from "./expand-grid.js";
import { pointStopped } from "./study-diagnostics.js";
import type { StudyPoint } from "./study-point.js";

/*
 * One grid point, start to finish: its record when the study already has it; else train (the run
 * store reuses a finished run, continues an unfinished one only with `resume`), attack (unless
 * the run already holds results at these settings and this step), write the run's own report,
 * and write the point's record. The same call runs in a pool child, in the CLI with `--jobs 1`
 * semantics, or on a remote worker.
 */

export interface PointProgress {
  phase: "train" | "attack";
  done: number;
  total: number;
  etaSeconds?: number;
}

export interface RunPointOptions {
  /** The study folder: records go to `<studyDir>/points/`. */
  studyDir: string;
  backend?: string;
  /** Continue an unfinished run from its last checkpoint (the run store's `--resume`). */
  resume?: boolean;
  shouldStop?: () => boolean;
  onProgress?: (progress: PointProgress) => void;
  /** Lines worth showing: what was reused or resumed. */
  onNote?: (line: string) => void;
}

export interface PointOutcome {
  record?: PointRecord;
  /** True when the study's record was reused and nothing ran. */
  reused: boolean;
  diagnostics: Diagnostic[];
}

export async function runStudyPoint(
  point: StudyPoint,
  options: RunPointOptions,
): Promise<PointOutcome> {
  const known = readPointRecord(options.studyDir, point.id, point.attackDigest);
  if (known.record) return { record: known.record, reused: true, diagnostics: [] };
  const diagnostics: Diagnostic[] = [...known.diagnostics];

  const trainStarted = performance.now();
  let total = 0;
  const trained = await ensureTrainedRun({
    ir: point.ir,
    specText: point.specText,
    specFile: point.spec,
    dataRoot: point.dataRoot,
    out: path.dirname(point.runDir),
    backend: options.backend,
    resume: options.resume,
    command: "vaec sweep",
    shouldStop: options.shouldStop,
    onStart: (info) => {
      total = info.totalSteps;
      if (info.startStep > 0) options.onNote?.(`resuming ${info.runDir} at step ${info.startStep}`);
      options.onProgress?.({ phase: "train", done: info.startStep, total });
    },
    onStep: (event) =>
      options.onProgress?.({
        phase: "train",
        done: event.step,
        total,
        etaSeconds: event.etaSeconds,
      }),
  });
  diagnostics.push(...trained.diagnostics);
  if (!trained.result) return { reused: false, diagnostics };
  const { runDir, before } = trained.result;
  const status = trained.result.train?.outcome.status;
  const state = inspectRun(runDir, point.id);
  if (state.kind !== "finished") {
    const step = state.kind === "partial" ? state.step : 0;
    if (status === "interrupted" || state.kind === "partial")
      diagnostics.push(
        pointStopped(point.label, step, state.kind === "partial" ? state.totalSteps : total),
      );
    return { reused: false, diagnostics };
  }
  if (!trained.result.train) options.onNote?.(`reusing ${runDir} (finished, ${state.step} steps)`);
  const trainSeconds = (performance.now() - trainStarted) / 1000;

  const attackStarted = performance.now();
  let results = readAttackResults(runDir);
  const reusable =
    results !== null &&
    results.step === state.step &&
    attackSettingsDigest(results.settings) === point.attackDigest;
  if (!reusable) {
    const attacked = await attackRunDir(runDir, {
      settings: point.attack,
      command: "vaec sweep",
      onProgress: (p) => options.onProgress?.({ phase: "attack", done: p.done, total: p.total }),
    });
    diagnostics.push(...attacked.diagnostics);
    if (!attacked.result) return { reused: false, diagnostics };
    results = attacked.result.results;
  }
  const report = await writeRunReport(runDir);
  // A report that cannot be drawn (a missing font, say) does not lose the point's numbers.
  diagnostics.push(...report.diagnostics.map((d) => ({ ...d, severity: "warning" as const })));

  const record: PointRecord = {
    format: "vaec-study-point",
    version: 1,
    id: point.id,
    runDir,
    spec: point.spec,
    model: point.ir.name,
    family: point.ir.family.name,
    axes: point.axes,
    seed: point.ir.train.seed,
    data: String(axisValue(point.ir, "train.data")),
    latentDims: point.ir.latents
      .filter((l) => point.attack.layers.includes(l.name))
      .reduce((n, l) => n + l.dims, 0),
    step: state.step,
    totalSteps: state.totalSteps,
    attackDigest: point.attackDigest,
    eval: { ...heldOutMetrics(runDir), ...modelMetricValues(runDir) },
    heldOutCurve: heldOutCurve(runDir),
    attacks: pairRows(results!),
    training:
      before.kind === "finished" ? "reused" : before.kind === "partial" ? "resumed" : "trained",
    seconds: {
      train: round(trainSeconds),
      attack: round((performance.now() - attackStarted) / 1000),
    },
    finishedAt: new Date().toISOString(),
  };
  writePointRecord(options.studyDir, record);
  return { record, reused: false, diagnostics };
}

const round = (v: number) => Math.round(v * 10) / 10;

/** The last held-out evaluation in metrics.jsonl: every number but its bookkeeping. */
function heldOutMetrics(runDir: string): Record<string, number> {
  const last = readMetrics(runPaths(runDir).metrics)
    .filter((r) => r.kind === "held-out")
    .at(-1);
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(last ?? {})) {
    if (["kind", "step", "examples", "time", "epoch"].includes(key)) continue;
    if (typeof value === "number") out[key] = value;
  }
  return out;
}

/** The held-out ELBO at each evaluation during training. */
function heldOutCurve(runDir: string): Array<{ step: number; elbo: number }> {
  return readMetrics(runPaths(runDir).metrics).flatMap((r) =>
    r.kind === "held-out" && typeof r.step === "number" && typeof r.elbo === "number"
      ? [{ step: r.step, elbo: r.elbo }]
      : [],
  );
}

/** Each attack's pairs at their chosen lambda. */
function pairRows(results: AttackResults): PointRecord["attacks"] {
  return results.attacks.map((a) => ({
    kind: a.kind,
    pairs: a.pairs.map((p): PairRow => {
      const row = p.curve[p.chosenIndex];
      return {
        pair: p.pair,
        source: p.source,
        target: p.target,
        lambda: row.lambda,
        delta: row.delta,
        deltaWithoutLambda: row.deltaWithoutLambda,
        distortion: row.distortion,
        logLikelihoodTarget: row.logLikelihoodTarget,
        l2ToTarget: row.l2ToTarget,
        l2ToSource: row.l2ToSource,
        baselineDelta: p.baseline.deltaWithoutLambda,
        status: p.status[p.chosenIndex]?.status,
        iterations: p.status[p.chosenIndex]?.iterations,
        ...pairMetricValues(p),
      };
    }),
  }));
}
