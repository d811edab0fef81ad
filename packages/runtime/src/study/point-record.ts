import fs from "node:fs";
import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { writeJsonAtomic } from "../run-store/atomic-write.js";
import { readVersionedJson } from "../run-store/read-versioned.js";
import type { FileFormat } from "../run-store/versions.js";

/*
 * A grid point's record: everything the study's tables, statistics and report need about one
 * trained-and-attacked run, small enough to send from a remote worker and to commit next to a
 * study. `<study>/points/<run id>.json`, written atomically once the point is done: a study
 * resumes from its records even on a machine where the run folders are gone.
 */

export const POINT_RECORD_FORMAT: FileFormat = {
  name: "vaec-study-point",
  version: 1,
  what: "study point record",
};

/** One attack pair at its chosen lambda. */
export interface PairRow {
  pair: number;
  source: number;
  target: number;
  lambda: number;
  delta: number;
  deltaWithoutLambda: number;
  distortion: number;
  logLikelihoodTarget: number;
  l2ToTarget: number;
  l2ToSource: number;
  /** The divergence before the attack (d = 0). */
  baselineDelta: number;
  /** Area under the whole distortion-distance curve (metrics/auddc.ts); null where undefined. */
  auddc?: number | null;
  /** 1 when the adversarial reconstruction is classified as the target's class, else 0; null
   * without labels or for a same-class pair (metrics/downstream.ts). */
  downstreamSuccess?: number | null;
  /** The optimiser's end state at the chosen lambda (`converged-pgtol`, `max-iterations`, ...)
   * and its iterations: whether the attack was run to convergence or cut off. */
  status?: string;
  iterations?: number;
}

export interface PointRecord {
  format: string;
  version: number;
  /** The run store's identity of the trained run (64 hex digits). */
  id: string;
  /** The run folder, as the study's `--out` named it. */
  runDir: string;
  spec: string;
  model: string;
  family: string;
  /** The value of every axis of the study at this point (`beta`, `train.seed`, ...). */
  axes: Record<string, number | string>;
  seed: number;
  /** The training data (`sprites`, `mnist`, a file): models are compared on the same data only. */
  data: string;
  /** Total size of the latent layers the latent attacks sum over (for Delta per dimension). */
  latentDims: number;
  /** The checkpoint step attacked, and the budget it was trained for. */
  step: number;
  totalSteps: number;
  /** The run store's digest of the attack settings: a record is reused only for the same. */
  attackDigest: string;
  /** Held-out metrics at the end of training (`elbo` at beta = 1, per-layer terms, ...), and
   * the attack-free metrics of study-values.ts (`margin`, `mig`, ...). */
  eval: Record<string, number>;
  /** Every held-out evaluation during training (metrics.jsonl), to show whether it flattened. */
  heldOutCurve?: Array<{ step: number; elbo: number }>;
  attacks: Array<{ kind: string; pairs: PairRow[] }>;
  /** What this point did: trained from scratch, resumed, or reused a finished run. */
  training: "trained" | "resumed" | "reused";
  seconds: { train: number; attack: number };
  finishedAt: string;
}

export const pointRecordPath = (studyDir: string, id: string): string =>
  path.join(studyDir, "points", `${id}.json`);

export function writePointRecord(studyDir: string, record: PointRecord): string {
  const file = pointRecordPath(studyDir, record.id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeJsonAtomic(file, record);
  return file;
}

/**
 * The point's record when it exists, is of this version and was attacked with the same
 * settings; `stale` explains a record that exists but cannot be reused.
 */
export function readPointRecord(
  studyDir: string,
  id: string,
  attackDigest: string,
): { record?: PointRecord; diagnostics: Diagnostic[] } {
  const file = pointRecordPath(studyDir, id);
  if (!fs.existsSync(file)) return { diagnostics: [] };
  const read = readVersionedJson<PointRecord>(file, POINT_RECORD_FORMAT);
  if (!read.result) return { diagnostics: read.diagnostics };
  if (read.result.id !== id || read.result.attackDigest !== attackDigest)
    return { diagnostics: [] };
  return { record: read.result, diagnostics: [] };
}

/** Every record in the study folder (what `--report-only` and the report read). */
export function readAllPointRecords(studyDir: string): PointRecord[] {
  const dir = path.join(studyDir, "points");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap(
      (f) => readVersionedJson<PointRecord>(path.join(dir, f), POINT_RECORD_FORMAT).result ?? [],
    );
}
