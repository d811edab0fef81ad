import type { Dataset, Labels } from "../data/dataset.js";

/*
 * The discrete factors of a data set as whole-number classes, and the one factor the downstream
 * classifier predicts: sprites' `shape`, MNIST's `digit`, an .npz archive's `label`
 * (npz-labels.ts), or a data set's only factor.
 */

/** Preferred class factors, first match wins. */
const CLASS_FACTORS = ["shape", "digit", "label"];

export interface FactorClasses {
  names: string[];
  /** How many classes each factor has. */
  sizes: number[];
  /** n x names.length class indices, row-major. */
  classes: Int32Array;
}

/** Every factor's class of the examples at `indices`; null without discrete labels. */
export function factorClasses(dataset: Dataset, indices: readonly number[]): FactorClasses | null {
  const labels = dataset.labels;
  if (!labels?.values) return null;
  const values = labels.values;
  const width = labels.names.length;
  const raw = labels.get(indices);
  const classes = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) classes[i] = nearest(values[i % width], raw[i]);
  return { names: [...labels.names], sizes: values.map((v) => v.length), classes };
}

export interface ClassFactor {
  /** Column of the factor in the data set's labels. */
  column: number;
  name: string;
  classes: number;
  /** Readable class names, e.g. square, ellipse, heart. */
  classNames: string[];
}

/** The factor a classifier should predict, or null when the labels have none worth predicting. */
export function classFactor(labels: Labels | undefined): ClassFactor | null {
  if (!labels?.values) return null;
  const values = labels.values;
  const varying = labels.names.filter((_, k) => values[k].length > 1);
  const name =
    CLASS_FACTORS.find((n) => labels.names.includes(n)) ??
    (varying.length === 1 ? varying[0] : undefined);
  if (name === undefined) return null;
  const column = labels.names.indexOf(name);
  if (values[column].length < 2) return null;
  const classNames =
    name === "shape" && values[column].length === 3
      ? ["square", "ellipse", "heart"]
      : values[column].map((v) => String(v));
  return { column, name, classes: values[column].length, classNames };
}

/** The class of `factor` for the examples at `indices`. */
export function classesOf(
  dataset: Dataset,
  factor: ClassFactor,
  indices: readonly number[],
): Int32Array {
  const table = factorClasses(dataset, indices);
  if (!table) throw new Error(`internal: \`${dataset.name}\` lost its labels`);
  const width = table.names.length;
  return Int32Array.from(indices, (_, i) => table.classes[i * width + factor.column]);
}

/** Index of the value closest to v (labels are stored as float32). */
function nearest(values: readonly number[], v: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (Math.abs(values[i] - v) < Math.abs(values[best] - v)) best = i;
  }
  return best;
}
