import { tableDataset, type Dataset } from "../src/data/dataset.js";
import { createRandom } from "../src/model/rng.js";

/**
 * A tiny binary data set for the runtime's own tests: `count` 4x4 images, each one of four
 * prototypes (bars and a square) with 5% of the pixels flipped. Structured enough that a VAE's
 * held-out ELBO improves quickly; small enough to train in a second.
 */
export function syntheticBinaryDataset(
  count: number,
  seed: number,
  shape: number[] = [4, 4],
): Dataset {
  const size = shape.reduce((a, b) => a * b, 1);
  const [h, w] = shape.length === 2 ? shape : [shape[1], shape[2]];
  const prototypes = [
    (r: number, c: number) => r < h / 2,
    (r: number, c: number) => c < w / 2,
    (r: number, c: number) => (r + c) % 2 === 0,
    (r: number, c: number) => r > 0 && r < h - 1 && c > 0 && c < w - 1,
  ];
  const random = createRandom(seed);
  const values = new Uint8Array(count * size);
  for (let n = 0; n < count; n++) {
    const proto = prototypes[Math.floor(random() * prototypes.length)];
    for (let i = 0; i < size; i++) {
      const pixel = i % (h * w);
      let on = proto(Math.floor(pixel / w), pixel % w);
      if (random() < 0.05) on = !on;
      values[n * size + i] = on ? 1 : 0;
    }
  }
  return tableDataset({ name: "synthetic", values, count, shape, kind: "binary", range: [0, 1] });
}
