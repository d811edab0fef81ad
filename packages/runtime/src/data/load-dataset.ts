import { closeSync, readSync } from "node:fs";
import { constants } from "node:buffer";
import { resolve } from "node:path";
import {
  HELD_OUT_DEFAULT,
  spriteSide,
  type DataSource,
  type DataVariable,
  type Result,
} from "@vaec/compiler";
import {
  badHeldOut,
  dataSite,
  emptyArray,
  fileMissing,
  unreadableFile,
  wrongPathKind,
  wrongShape,
  type DataSite,
} from "./data-diagnostics.js";
import { tableDataset, type Dataset, type DatasetSplit } from "./dataset.js";
import { imagesDataset } from "./images.js";
import { MNIST_SIDE, mnistDataset } from "./mnist.js";
import { readNpy, type NdArray } from "./npy.js";
import { readNpz } from "./npz.js";
import { splitDataset } from "./split.js";
import { spritesDataset } from "./sprites.js";
import { openRegularFile, pathKind } from "./path-kind.js";
import { checkValues, scanValues, shapeFits } from "./validate.js";

export interface LoadOptions {
  /** Seeds the train / held-out split. */
  seed: number;
  /** How many examples to hold out (a whole number, 0 <= heldOut < size), or null for the
   * default share (heldOutCount). */
  heldOut: number | null;
  /** Folder that relative data paths are resolved from: the spec's folder (default: cwd). */
  root?: string;
  /** Path of the spec, so diagnostics can point at its `data` declaration. */
  specFile?: string;
}

/**
 * Opens the data a spec trains on, checks it against the spec's `data` declaration, and splits
 * it into training and held-out views from the seed. Every problem is a coded VAE5xx diagnostic
 * naming the file and what was expected; nothing is thrown.
 */
export function loadDataset(
  source: DataSource,
  data: DataVariable,
  options: LoadOptions,
): Result<DatasetSplit> {
  const site = dataSite(data, options.specFile);
  const opened = openSource(source, data, site, options.root ?? process.cwd());
  const all = opened.result;
  if (!all) return { diagnostics: opened.diagnostics };
  const heldOut = heldOutCount(options.heldOut, all.size);
  if (!Number.isInteger(heldOut) || heldOut < 0 || heldOut >= all.size) {
    return { diagnostics: [...opened.diagnostics, badHeldOut(site, heldOut, all.size, all.name)] };
  }
  return { result: splitDataset(all, heldOut, options.seed), diagnostics: opened.diagnostics };
}

/**
 * The held-out count: the spec's, or by default HELD_OUT_DEFAULT's share of the examples within
 * its floor and cap, always leaving at least one training example (so 1 example holds out 0).
 */
export function heldOutCount(setting: number | null, size: number): number {
  if (setting !== null) return setting;
  const { share, min, max } = HELD_OUT_DEFAULT;
  return Math.max(0, Math.min(size - 1, max, Math.max(min, Math.round(share * size))));
}

/** The whole data set of a source, validated against the spec (no split). */
export function openSource(
  source: DataSource,
  data: DataVariable,
  site: DataSite,
  root: string,
): Result<Dataset> {
  switch (source.kind) {
    case "sprites":
      return openSprites(data, site);
    case "mnist":
      return openMnist(data, site);
    case "npy":
    case "npz":
      return openArray(source, data, site, root);
    case "images":
      return openImages(source, data, site, root);
  }
}

/** The spec's kind and range on a data set whose values were checked to fit them. */
function withSpec(dataset: Dataset, data: DataVariable): Dataset {
  return {
    ...dataset,
    shape: [...data.shape],
    kind: data.kind,
    range: [data.range[0], data.range[1]],
  };
}

/** Values 0 and 1 only: fit any range holding both, and `binary`. */
const ZERO_ONE = { min: 0, max: 1, nonFinite: 0, nonBinary: 0, nonBinaryExample: NaN };

function openSprites(data: DataVariable, site: DataSite): Result<Dataset> {
  // dSprites is 64 x 64; a square spec of another side draws the same sprites at that side (the
  // compiler's rule, so the checker and the loader accept the same shapes).
  const side = spriteSide(data.shape) ?? 64;
  if (!shapeFits([side, side], data.shape)) {
    return {
      diagnostics: [
        wrongShape(
          site,
          "`sprites`",
          [64, 64],
          data.shape,
          "sprites are 64 x 64 images: declare `binary[64, 64]`",
        ),
      ],
    };
  }
  const diagnostics = checkValues(ZERO_ONE, data, site, "`sprites`");
  return diagnostics.length > 0
    ? { diagnostics }
    : { result: withSpec(spritesDataset(data.shape, side), data), diagnostics };
}

function openMnist(data: DataVariable, site: DataSite): Result<Dataset> {
  const side = MNIST_SIDE;
  if (!shapeFits([side, side], data.shape)) {
    return {
      diagnostics: [
        wrongShape(
          site,
          "`mnist`",
          [side, side],
          data.shape,
          "MNIST digits are 28 x 28: declare `binary[28, 28]` or `real[28, 28]`",
        ),
      ],
    };
  }
  // Grey levels span [0, 1]; the binary view is 0/1.
  const diagnostics = checkValues(ZERO_ONE, data, site, "`mnist`");
  return diagnostics.length > 0
    ? { diagnostics }
    : { result: withSpec(mnistDataset(data.shape, data.kind === "binary"), data), diagnostics };
}

function readFile(path: string, shown: string, site: DataSite): Result<Uint8Array> {
  const found = pathKind(path);
  if (found.kind === "missing") return { diagnostics: [fileMissing(site, shown, "file")] };
  if (found.kind !== "file") {
    const what = found.kind === "folder" ? "a folder" : found.what;
    return { diagnostics: [wrongPathKind(site, shown, "file", what)] };
  }
  const size = found.size;
  if (size > constants.MAX_LENGTH) {
    const reason = `it is ${gib(size)}, more than the ${gib(constants.MAX_LENGTH)} one array can hold`;
    return { diagnostics: [unreadableFile(site, shown, reason)] };
  }
  try {
    return { result: readWhole(path, size), diagnostics: [] };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      diagnostics: [unreadableFile(site, shown, reason.charAt(0).toLowerCase() + reason.slice(1))],
    };
  }
}

function gib(bytes: number): string {
  return `${Number((bytes / 2 ** 30).toFixed(1))} GiB`;
}

/**
 * The whole file, read in chunks: `readFileSync` stops at 2 GiB, and real dSprites saved as one
 * uint8 .npy is 3 GB (a typed array may hold up to 4 GiB).
 */
function readWhole(path: string, size: number): Uint8Array {
  // Never blocks: a path swapped for a FIFO since pathKind looked is refused, not waited on.
  const { fd } = openRegularFile(path);
  const out = Buffer.allocUnsafe(size);
  try {
    for (let done = 0; done < size;) {
      const n = readSync(fd, out, done, Math.min(size - done, 1 << 30), done);
      if (n === 0) return out.subarray(0, done);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

function openArray(
  source: Extract<DataSource, { kind: "npy" | "npz" }>,
  data: DataVariable,
  site: DataSite,
  root: string,
): Result<Dataset> {
  const file = readFile(resolve(root, source.path), source.path, site);
  if (!file.result) return { diagnostics: file.diagnostics };
  const parsed =
    source.kind === "npy"
      ? readNpy(file.result, source.path, site)
      : readNpz(file.result, source.path, source.key, site);
  if (!parsed.result) return { diagnostics: parsed.diagnostics };
  const shown = source.kind === "npy" ? source.path : `${source.path}[${source.key}]`;
  return arrayDataset(parsed.result, shown, data, site);
}

/** An array whose first axis counts the examples, checked against the spec. */
export function arrayDataset(
  array: NdArray,
  shown: string,
  data: DataVariable,
  site: DataSite,
): Result<Dataset> {
  const what = `\`${shown}\``;
  const [count, ...example] = array.shape;
  if (count === undefined || count === 0)
    return { diagnostics: [emptyArray(site, shown, array.shape)] };
  if (!shapeFits(example, data.shape))
    return { diagnostics: [wrongShape(site, what, example, data.shape)] };
  const diagnostics = checkValues(scanValues(array.values), data, site, what);
  if (diagnostics.length > 0) return { diagnostics };
  const name = `${shown.includes("[") ? "npz" : "npy"}(${shown})`;
  return {
    result: tableDataset({
      name,
      values: array.values,
      count,
      shape: data.shape,
      kind: data.kind,
      range: data.range,
    }),
    diagnostics: [],
  };
}

function openImages(
  source: Extract<DataSource, { kind: "images" }>,
  data: DataVariable,
  site: DataSite,
  root: string,
): Result<Dataset> {
  const dir = resolve(root, source.dir);
  const found = pathKind(dir);
  if (found.kind === "missing") return { diagnostics: [fileMissing(site, source.dir, "folder")] };
  if (found.kind !== "folder") {
    const what = found.kind === "file" ? "a file" : found.what;
    return { diagnostics: [wrongPathKind(site, source.dir, "folder", what)] };
  }
  const [height, width] = source.size;
  const shape = data.shape;
  // Channels first: [H, W] and [1, H, W] are grey, [3, H, W] is RGB.
  const channels = shape.length === 3 ? shape[0] : 1;
  const spatial = shape.length === 3 ? shape.slice(1) : shape;
  const produced = channels === 3 ? [3, height, width] : [height, width];
  const what = `\`images("${source.dir}", ${height === width ? height : `[${height}, ${width}]`})\``;
  if (shape.length < 2 || shape.length > 3 || (channels !== 1 && channels !== 3)) {
    const help = "declare images as `real[H, W]` (grey) or `real[3, H, W]` (RGB, channels first)";
    return { diagnostics: [wrongShape(site, what, produced, shape, help)] };
  }
  if (spatial[0] !== height || spatial[1] !== width) {
    const help = `make the size in \`images(...)\` match the spec: \`images("${source.dir}", ${spatial[0]})\``;
    return { diagnostics: [wrongShape(site, what, produced, shape, help)] };
  }
  return imagesDataset(dir, source.dir, what, channels, [height, width], data, site);
}
