import fs from "node:fs";
import path from "node:path";
import type { DataSource, Diagnostic } from "@vaec/compiler";
import { unzipSync } from "fflate";
import { subsetDataset, type DatasetSplit, type Labels } from "../data/dataset.js";
import { readNpy } from "../data/npy.js";
import { SPRITE_FACTOR_NAMES } from "../data/sprite-factors.js";
import { badLabels } from "./metrics-diagnostics.js";

/*
 * Class labels of `npz(...)` data, read from the same archive as the images:
 * - `labels`: one whole-number class per example, shape (N,);
 * - `latents_classes`: dSprites' own (N, 6) factor classes (colour, shape, scale, orientation,
 *   posX, posY), so the real dSprites archive gets the same metrics as the built-in sprites.
 * The data loader does not read them (training needs none); the metrics attach them to the
 * run's split here.
 */

const KEYS = ["labels", "latents_classes"] as const;
const NOWHERE = {
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

/** The run's split with the archive's labels attached, when the data is an .npz that has them. */
export function withNpzLabels(
  split: DatasetSplit,
  source: DataSource,
  root: string | undefined,
): { split: DatasetSplit; diagnostics: Diagnostic[] } {
  if (source.kind !== "npz" || split.all.labels) return { split, diagnostics: [] };
  const read = npzLabels(
    path.resolve(root ?? process.cwd(), source.path),
    source.path,
    split.all.size,
  );
  if (!read.labels) return { split, diagnostics: read.diagnostics };
  const all = { ...split.all, labels: read.labels };
  return {
    split: {
      ...split,
      all,
      train: subsetDataset(all, split.trainIndices, "train"),
      heldOut: subsetDataset(all, split.heldOutIndices, "held-out"),
    },
    diagnostics: read.diagnostics,
  };
}

/** The labels stored in an archive for `count` examples; none (and no diagnostic) if it has none. */
export function npzLabels(
  file: string,
  shown: string,
  count: number,
): { labels?: Labels; diagnostics: Diagnostic[] } {
  let entries: Record<string, Uint8Array>;
  try {
    const wanted = new Set(KEYS.map((k) => `${k}.npy`));
    entries = unzipSync(fs.readFileSync(file), { filter: (f) => wanted.has(f.name) });
  } catch (error) {
    return { diagnostics: [badLabels(shown, KEYS[0], (error as Error).message)] };
  }
  const key = KEYS.find((k) => entries[`${k}.npy`] !== undefined);
  if (key === undefined) return { diagnostics: [] };
  const site = { file: "", span: NOWHERE, declaration: "" };
  const parsed = readNpy(entries[`${key}.npy`], `${shown}[${key}]`, site);
  if (!parsed.result) {
    return { diagnostics: [badLabels(shown, key, parsed.diagnostics[0]?.message ?? "unreadable")] };
  }
  const { shape, values } = parsed.result;
  const width = key === "labels" ? 1 : SPRITE_FACTOR_NAMES.length;
  const expected = key === "labels" ? `(${count},)` : `(${count}, ${width})`;
  const fits = key === "labels" ? shape.length === 1 : shape.length === 2 && shape[1] === width;
  if (!fits || shape[0] !== count) {
    return {
      diagnostics: [
        badLabels(shown, key, `its shape is (${shape.join(", ")}), expected ${expected}`),
      ],
    };
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i]) || values[i] < 0 || values[i] > 1e6) {
      return {
        diagnostics: [
          badLabels(shown, key, `entry ${i} is ${values[i]}, not a whole-number class`),
        ],
      };
    }
  }
  const classes = Array.from({ length: width }, (_, k) => {
    const seen = new Set<number>();
    for (let i = k; i < values.length; i += width) seen.add(values[i]);
    return [...seen].sort((a, b) => a - b);
  });
  return {
    labels: {
      names: key === "labels" ? ["label"] : [...SPRITE_FACTOR_NAMES],
      values: classes,
      get: (indices) => {
        const out = new Float32Array(indices.length * width);
        indices.forEach((index, b) => {
          for (let k = 0; k < width; k++) out[b * width + k] = values[index * width + k];
        });
        return out;
      },
    },
    diagnostics: [],
  };
}
