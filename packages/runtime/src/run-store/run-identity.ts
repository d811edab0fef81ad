import crypto from "node:crypto";
import path from "node:path";
import { hashModel, type ModelIR } from "@vaec/compiler";
import { dataIdentity, type DataIdentity } from "./data-identity.js";
import { runDirName } from "./layout.js";
import { RUN_STORE_VERSION } from "./versions.js";

/*
 * A run's identity: sha256 over the run store's version, the compiled model with every train
 * setting (the compiler's `hashModel`: networks, penalties, params, and `train` whole: data
 * source, steps or epochs, batch, optimizer and lr, seed, held-out count, warm-up, schedules)
 * and the data's content (data-identity.ts). Anything that changes what training computes
 * changes the id, so a run folder is reused only for exactly the same training. Attack and sweep
 * settings, comments and the backend are left out: they do not change the trained weights (the
 * backend's rounding aside; it is recorded per session in run.json).
 */

export interface RunIdentity {
  /** 64 hex digits. */
  id: string;
  /** `<model>-<id8>`. */
  dirName: string;
  /** The compiler's hash of the IR (also in ir.json and every checkpoint). */
  irHash: string;
  data: DataIdentity;
}

export interface IdentityOptions {
  /** Folder relative data paths resolve from (default: the folder of the IR's source file). */
  dataRoot?: string;
}

/** The folder the spec's relative data paths resolve from, as training resolves them. */
export function defaultDataRoot(ir: ModelIR): string {
  return path.dirname(path.resolve(ir.source.file));
}

export function runIdentity(ir: ModelIR, options: IdentityOptions = {}): RunIdentity {
  const irHash = hashModel(ir);
  const data = dataIdentity(ir.train.data, options.dataRoot ?? defaultDataRoot(ir));
  const id = identityDigest(RUN_STORE_VERSION, irHash, data);
  return { id, dirName: runDirName(ir.name, id), irHash, data };
}

/** The id from its three parts (a pure function, so tests can vary the store version). */
export function identityDigest(store: number, irHash: string, data: DataIdentity): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify({ store, model: irHash, data }))
    .digest("hex");
}
