import { totalmem } from "node:os";
import path from "node:path";
import { compileSource, hashModel, type Diagnostic } from "@vaec/compiler";
import { attackSettingsDigest } from "../run-store/attack-session.js";
import { runIdentity } from "../run-store/run-identity.js";
import { runStudyPoint, type PointProgress } from "../study/run-point.js";
import type { PointRecord } from "../study/point-record.js";
import type { StudyPoint } from "../study/study-point.js";
import { checkDataRoot } from "./data-root.js";
import { unrunnableJob } from "./distributed-diagnostics.js";
import { QUEUED_POINT_VERSION, type QueuedPoint } from "./point-queue.js";
import type { WorkerSettings } from "./worker-env.js";

/*
 * What a worker's child process does with one queued point. The queue is an input from another
 * machine, so the point is checked before anything runs: its format, its data paths (confined to
 * the data root), and that this worker derives the same run from it as the submitter did: the
 * spec recompiled with the point's overrides gives the same model, and the run identity computed
 * over the worker's copy of the data is the job id (a different vaec version or different data
 * would train something else under the submitter's name). Then it is the study engine's
 * `runStudyPoint`, with the run directory in the worker's --artifacts folder.
 */

/** Where a worker keeps the records of points it ran (its own study folder). */
export const WORKER_RECORDS = "queue-points";

const SAME_VERSION = "run the same vaec version on the submitting machine and on every worker";

export async function runQueuedPoint(
  queued: QueuedPoint,
  settings: WorkerSettings & { backend?: string },
  onProgress: (progress: PointProgress) => void,
): Promise<{ record?: PointRecord; diagnostics: Diagnostic[] }> {
  const prepared = prepareQueuedPoint(queued, settings);
  if (!prepared.point) return { diagnostics: prepared.diagnostics };
  const outcome = await runStudyPoint(prepared.point, {
    studyDir: path.join(settings.artifacts, WORKER_RECORDS),
    backend: settings.backend,
    // An unfinished run of exactly this identity is this point, cut short by a lost worker.
    resume: true,
    onProgress,
  });
  return { record: outcome.record, diagnostics: outcome.diagnostics };
}

/** The queued point as this worker runs it, or why it must not run it. */
export function prepareQueuedPoint(
  queued: QueuedPoint,
  settings: WorkerSettings,
): { point?: StudyPoint; diagnostics: Diagnostic[] } {
  const id = String(queued?.runHash);
  const refuse = (reason: string, help = SAME_VERSION) => ({
    diagnostics: [unrunnableJob(id, reason, help)],
  });
  if (queued?.format !== "vaec-queued-point" || queued.version !== QUEUED_POINT_VERSION) {
    return refuse(
      `it is \`${String(queued?.format)}\` version ${String(queued?.version)}; this worker reads \`vaec-queued-point\` version ${QUEUED_POINT_VERSION}`,
    );
  }
  const point = queued.point as StudyPoint;
  if (!isStudyPoint(point) || point.id !== queued.runHash) {
    return refuse("its description is incomplete", "queue points with `vaec sweep --queue URL`");
  }
  const compiled = compileSource(
    { path: point.spec, text: point.specText },
    { set: point.set, machineMemory: totalmem() },
  );
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (!compiled.result || errors.length > 0) return { diagnostics: errors };
  const ir = compiled.result.ir;
  if (hashModel(ir) !== hashModel(point.ir)) {
    return refuse("this worker compiles its spec to a different model than the submitter did");
  }
  if (attackSettingsDigest(point.attack) !== point.attackDigest) {
    return refuse("its attack settings do not match their digest");
  }
  const outside = checkDataRoot(ir.train.data, settings.dataRoot);
  if (outside.length > 0) return { diagnostics: outside };
  const identity = runIdentity(ir, { dataRoot: settings.dataRoot });
  if (identity.id !== point.id) {
    return refuse(
      "this worker computes a different run identity for it: its data under the data root differs from the submitter's, or its vaec version does",
      `copy the same data under --data-root \`${settings.dataRoot}\` (the run identity covers the data's content), and ${SAME_VERSION}`,
    );
  }
  return {
    point: {
      ...point,
      ir,
      dataRoot: settings.dataRoot,
      runDir: path.join(settings.artifacts, identity.dirName),
    },
    diagnostics: [],
  };
}

function isStudyPoint(value: StudyPoint | undefined): value is StudyPoint {
  if (typeof value !== "object" || value === null) return false;
  const strings = [value.id, value.spec, value.specText, value.label, value.attackDigest];
  return (
    strings.every((s) => typeof s === "string") &&
    typeof value.set === "object" &&
    value.set !== null &&
    Object.values(value.set).every((v) => typeof v === "string") &&
    typeof value.ir === "object" &&
    value.ir !== null &&
    typeof value.attack === "object" &&
    value.attack !== null &&
    typeof value.axes === "object"
  );
}
