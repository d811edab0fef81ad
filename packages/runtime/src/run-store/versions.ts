import { IR_VERSION } from "@vaec/compiler";
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  LATEST_POINTER_FORMAT,
} from "../checkpoint/checkpoint-format.js";

/*
 * The version of every file a run directory holds, in one place. Each file names its format and
 * version in the file itself; readers check both (`checkFormat`) and refuse an incompatible file
 * with VAE547 rather than guessing at its fields.
 *
 * RUN_STORE_VERSION is the version of the layout and of the run identity: it is hashed into every
 * run's id, so a vaec whose runs differ in any way that matters writes to new folders instead of
 * reusing old ones.
 */

export const RUN_STORE_VERSION = 2;

export interface FileFormat {
  /** The `format` field the file carries. */
  name: string;
  version: number;
  /** What the file is, for messages: "run record", "metrics log". */
  what: string;
}

export const RUN_RECORD_FORMAT: FileFormat = { name: "vaec-run", version: 2, what: "run record" };
export const METRICS_FORMAT: FileFormat = { name: "vaec-metrics", version: 1, what: "metrics log" };
export const LATEST_FORMAT: FileFormat = {
  name: LATEST_POINTER_FORMAT,
  version: 1,
  what: "checkpoint pointer",
};
export const CHECKPOINT_FILE_FORMAT: FileFormat = {
  name: CHECKPOINT_FORMAT,
  version: CHECKPOINT_VERSION,
  what: "checkpoint manifest",
};
/** The IR has no format name of its own: `version` only (the compiler's IR_VERSION). */
export const IR_FILE_FORMAT: FileFormat = { name: "", version: IR_VERSION, what: "compiled IR" };
export const RESULTS_FILE_FORMAT = {
  name: "vaec-attack-results",
  version: 1,
  what: "attack results",
} as const satisfies FileFormat;
