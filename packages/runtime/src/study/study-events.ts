import type { Diagnostic } from "@vaec/compiler";
import type { PointRecord } from "./point-record.js";
import type { PointProgress } from "./run-point.js";

/*
 * What a running study reports, one event at a time: the pool's children send these to the
 * parent, the CLI draws them as progress bars or prints them as NDJSON (`vaec sweep --json`,
 * documented in docs/study.md), and a remote submitter could relay the same.
 */

export type StudyEvent =
  | {
      event: "study-start";
      /** Points in the grid, already done (records reused), and to run. */
      points: number;
      done: number;
      todo: number;
      jobs: number;
    }
  | {
      event: "point-start";
      id: string;
      label: string;
      runDir: string;
      /** The pool's slot (1..jobs), or `host:pid` of the queue worker running it (`--queue`). */
      worker: number | string;
    }
  | ({ event: "progress"; id: string } & PointProgress)
  | { event: "note"; id: string; text: string }
  | {
      event: "point-done";
      id: string;
      label: string;
      runDir: string;
      /** True when the study's record was reused and nothing ran. */
      reused: boolean;
      training: PointRecord["training"];
      step: number;
      seconds: number;
      /** The record's file. */
      record: string;
    }
  | { event: "point-failed"; id: string; label: string; runDir: string; diagnostics: Diagnostic[] }
  | {
      event: "summary";
      points: number;
      done: number;
      failed: number;
      /** Points whose records were reused without running anything. */
      reused: number;
      seconds: number;
      /** The study report, when written. */
      report?: string;
    };

/** Messages between the pool and a child (over Node's IPC channel, one JSON value each). */
export type ParentMessage =
  | {
      type: "run";
      point: import("./study-point.js").StudyPoint;
      options: { studyDir: string; backend?: string; resume?: boolean };
    }
  | { type: "stop" };

export type ChildMessage =
  | { type: "ready" }
  | { type: "progress"; id: string; progress: PointProgress }
  | { type: "note"; id: string; text: string }
  | { type: "done"; id: string; record: PointRecord; reused: boolean; diagnostics: Diagnostic[] }
  | { type: "failed"; id: string; diagnostics: Diagnostic[] };
