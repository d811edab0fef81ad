/*
 * Image resizing: separable bilinear (triangle-filter) resampling with pixel centres aligned
 * (output pixel o samples input position (o + 0.5) * in / out - 0.5). When shrinking, the filter
 * is widened by the shrink factor so each output pixel averages all the input pixels it covers
 * (antialiased, as Pillow's `resize(..., BILINEAR)`), instead of sampling a few and aliasing.
 * Weights that fall outside the image are dropped and the rest renormalised, so borders keep
 * their level. Same size in and out is the identity.
 */

interface Taps {
  first: number[];
  weights: number[][];
}

function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const radius = Math.max(scale, 1);
  const first: number[] = [];
  const weights: number[][] = [];
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - radius));
    const hi = Math.min(inSize - 1, Math.ceil(centre + radius));
    const w: number[] = [];
    for (let i = lo; i <= hi; i++) w.push(Math.max(0, 1 - Math.abs((i + 0.5 - centre) / radius)));
    const total = w.reduce((a, b) => a + b, 0);
    first.push(lo);
    weights.push(w.map((x) => x / total));
  }
  return { first, weights };
}

/** Resizes one channel plane (height x width, row-major) to outHeight x outWidth. */
export function resizePlane(
  src: ArrayLike<number>,
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
): Float32Array {
  const across = taps(width, outWidth);
  const rows = new Float32Array(height * outWidth);
  for (let y = 0; y < height; y++) {
    for (let o = 0; o < outWidth; o++) {
      const w = across.weights[o];
      let sum = 0;
      for (let k = 0; k < w.length; k++) sum += w[k] * src[y * width + across.first[o] + k];
      rows[y * outWidth + o] = sum;
    }
  }
  const down = taps(height, outHeight);
  const out = new Float32Array(outHeight * outWidth);
  for (let o = 0; o < outHeight; o++) {
    const w = down.weights[o];
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = 0; k < w.length; k++) sum += w[k] * rows[(down.first[o] + k) * outWidth + x];
      out[o * outWidth + x] = sum;
    }
  }
  return out;
}
