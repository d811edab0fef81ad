/*
 * Translation normalisation for the downstream classifier: each image shifted (whole pixels,
 * zeros shifted in) so its intensity-weighted centre of mass lies at the image's centre, as
 * MNIST's digits were centred. A small classifier then learns shape rather than position,
 * from a few thousand examples, in seconds. Plain arrays: no tensors.
 */

/** The rows (n x C*H*W, channels first) centred on their centre of mass, into a new array. */
export function centreImages(rows: Float32Array, shape: readonly number[]): Float32Array {
  const [channels, height, width] = shape.length === 3 ? shape : [1, shape[0], shape[1]];
  const plane = height * width;
  const size = channels * plane;
  const n = rows.length / size;
  const out = new Float32Array(rows.length);
  for (let r = 0; r < n; r++) {
    const base = r * size;
    let mass = 0;
    let sumI = 0;
    let sumJ = 0;
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < height; i++) {
        for (let j = 0; j < width; j++) {
          const v = Math.abs(rows[base + c * plane + i * width + j]);
          mass += v;
          sumI += v * i;
          sumJ += v * j;
        }
      }
    }
    const di = mass > 0 ? Math.round((height - 1) / 2 - sumI / mass) : 0;
    const dj = mass > 0 ? Math.round((width - 1) / 2 - sumJ / mass) : 0;
    for (let c = 0; c < channels; c++) {
      for (let i = Math.max(0, di); i < Math.min(height, height + di); i++) {
        const from = base + c * plane + (i - di) * width;
        const to = base + c * plane + i * width;
        for (let j = Math.max(0, dj); j < Math.min(width, width + dj); j++) {
          out[to + j] = rows[from + j - dj];
        }
      }
    }
  }
  return out;
}
