import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { DataSource, Diagnostic } from "@vaec/compiler";
import { dataOutsideRoot } from "./distributed-diagnostics.js";

/*
 * A worker runs specs that anyone able to write to its queue can send, so it reads data only
 * under the folder it was given (`--data-root`). Relative data paths resolve from that folder,
 * as they would from the spec's folder on the submitting machine; an absolute path, a `..`
 * climb or a symbolic link that lands outside it is refused before anything is opened.
 */

/** The data files a source reads, with what to call each in a message. */
function dataPaths(source: DataSource): Array<{ what: string; path: string }> {
  switch (source.kind) {
    case "sprites":
    case "mnist":
      return [];
    case "npy":
    case "npz":
      return [{ what: "data file", path: source.path }];
    case "images":
      return [{ what: "image folder", path: source.dir }];
  }
}

/** Every data path of `source` that resolves outside `dataRoot`, as VAE615 diagnostics. */
export function checkDataRoot(source: DataSource, dataRoot: string): Diagnostic[] {
  const root = realpathOr(resolve(dataRoot));
  return dataPaths(source)
    .filter(({ path }) => !inside(root, realpathOr(resolve(root, path))))
    .map(({ what, path }) => dataOutsideRoot(what, path, dataRoot));
}

/** The real path (symbolic links followed) when it exists, else the path as given. */
function realpathOr(path: string): string {
  return existsSync(path) ? realpathSync(path) : path;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
