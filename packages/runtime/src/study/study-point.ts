import type { AttackSettings, ModelIR } from "@vaec/compiler";

/*
 * One point of a study's grid, fully resolved in the parent process: its compiled IR (every
 * axis value applied), the attack settings every point shares, and its run identity. Plain JSON,
 * so a pool child or a remote worker can run it without compiling anything.
 */
export interface StudyPoint {
  /** The run store's identity of the run this point trains (64 hex digits). */
  id: string;
  /** `<out>/<model>-<id8>`. */
  runDir: string;
  spec: string;
  specText: string;
  /** Folder the spec's relative data paths resolve from. */
  dataRoot: string;
  /** `--set` overrides that reproduce this point (the study's and the axis values). */
  set: Record<string, string>;
  /** The value of every axis of the study at this point. */
  axes: Record<string, number | string>;
  /** e.g. "SeatbeltL2 beta=2 train.seed=1", for progress lines. */
  label: string;
  ir: ModelIR;
  attack: AttackSettings;
  /** The run store's digest of `attack`: records and results are reused only for the same. */
  attackDigest: string;
}
