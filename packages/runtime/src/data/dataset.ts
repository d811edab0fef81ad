/*
 * A data set as the rest of the runtime sees it: a fixed number of examples, each a flat vector
 * of `dim` numbers, fetched in batches as one row-major Float32Array (batch x dim) that the model
 * code turns into a tensor. No tensors here, so the data code is plain TypeScript and testable
 * without a backend.
 */

/** The ground-truth factors of each example, when the data set has them (sprites, mnist). */
export interface Labels {
  /** Factor names, e.g. sprites: color, shape, scale, orientation, posX, posY. */
  names: string[];
  /** The values each factor can take, when every factor is discrete (sprites, mnist). */
  values?: number[][];
  /** The factor values of the examples at `indices`: batch x names.length, row-major. */
  get(indices: readonly number[]): Float32Array;
}

export interface Dataset {
  /** e.g. "sprites", "mnist", "npy(data/x.npy)", with " [train]" or " [held-out]" on a split view. */
  name: string;
  /** Number of examples. */
  size: number;
  /** Shape of one example: the spec's declared shape (channels first). */
  shape: number[];
  /** Width of one flattened example: the product of `shape`. */
  dim: number;
  kind: "binary" | "real";
  /** Every value lies in this range (validated at load). */
  range: [number, number];
  labels?: Labels;
  /** The examples at `indices` (0 <= i < size), batch x dim row-major. Deterministic. */
  get(indices: readonly number[]): Float32Array;
}

/** What `loadDataset` returns: the whole set and its deterministic train / held-out views. */
export interface DatasetSplit {
  all: Dataset;
  train: Dataset;
  heldOut: Dataset;
  /** Position in `all` of each example of `train` (and of `heldOut`), in view order. */
  trainIndices: Uint32Array;
  heldOutIndices: Uint32Array;
}

/** Typed arrays a table can be stored in (64-bit integers are converted at load). */
export type NumericArray =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array;

export interface TableSpec {
  name: string;
  /** count x dim values, row-major, in whatever element type the source had (kept, not widened). */
  values: NumericArray;
  count: number;
  shape: number[];
  kind: "binary" | "real";
  range: [number, number];
  labels?: Labels;
  /** Applied to each value on the way out, e.g. a binarising threshold or a 1/255 scale. */
  transform?: (v: number) => number;
}

/** A data set held in memory as one table of rows. */
export function tableDataset(spec: TableSpec): Dataset {
  const dim = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.values.length !== spec.count * dim) {
    throw new Error(
      `internal: table \`${spec.name}\` has ${spec.values.length} values, expected ${spec.count} x ${dim}`,
    );
  }
  const { values, transform, count } = spec;
  return {
    name: spec.name,
    size: count,
    shape: [...spec.shape],
    dim,
    kind: spec.kind,
    range: spec.range,
    labels: spec.labels,
    get(indices) {
      const out = new Float32Array(indices.length * dim);
      for (let b = 0; b < indices.length; b++) {
        const start = checkIndex(indices[b], count) * dim;
        const row = values.subarray(start, start + dim);
        if (transform) {
          for (let j = 0; j < dim; j++) out[b * dim + j] = transform(row[j]);
        } else {
          out.set(row, b * dim);
        }
      }
      return out;
    },
  };
}

/** The examples of `base` at `indices`, in that order, as a data set of their own. */
export function subsetDataset(base: Dataset, indices: Uint32Array, suffix: string): Dataset {
  const map = (positions: readonly number[]): number[] =>
    positions.map((p) => indices[checkIndex(p, indices.length)]);
  const labels = base.labels;
  return {
    name: `${base.name} [${suffix}]`,
    size: indices.length,
    shape: base.shape,
    dim: base.dim,
    kind: base.kind,
    range: base.range,
    labels: labels && {
      names: labels.names,
      values: labels.values,
      get: (positions) => labels.get(map(positions)),
    },
    get: (positions) => base.get(map(positions)),
  };
}

/** Asking for an example that does not exist is a bug in the caller, not a data problem. */
export function checkIndex(i: number, size: number): number {
  if (!Number.isInteger(i) || i < 0 || i >= size) {
    throw new RangeError(`example index ${i} is outside [0, ${size})`);
  }
  return i;
}
