/*
 * Index tables for convolutions done as matrix products: im2col (an image's k x k patches as rows)
 * and its adjoint col2im (patch rows summed back into the image). Both become one row gather from
 * the image (or the patches), an index past the last row standing for a padding zero, so each is
 * one pass (backend/gather-rows.ts) instead of k^2 strided slices.
 */

/** A "same"-padded, stride-s, k x k convolution from an image [B, H, W, C] to outputs [B, oh, ow, N]. */
export interface ConvGeometry {
  batch: number;
  height: number;
  width: number;
  kernel: number;
  stride: number;
  outHeight: number;
  outWidth: number;
}

/** tfjs' "same" padding: output ceil(in / s), the total padding split with the extra at the end. */
export function convGeometry(
  batch: number,
  height: number,
  width: number,
  kernel: number,
  stride: number,
): ConvGeometry {
  return {
    batch,
    height,
    width,
    kernel,
    stride,
    outHeight: Math.ceil(height / stride),
    outWidth: Math.ceil(width / stride),
  };
}

function padBefore(input: number, output: number, kernel: number, stride: number): number {
  return Math.floor(Math.max((output - 1) * stride + kernel - input, 0) / 2);
}

function key(g: ConvGeometry): string {
  return `${g.batch},${g.height},${g.width},${g.kernel},${g.stride},${g.outHeight},${g.outWidth}`;
}

// Tables depend only on shapes, and a run sees few (training, evaluation and last-batch sizes);
// the bound keeps a long session that visits many batch sizes from holding them all.
const CACHE_LIMIT = 16;
const im2colCache = new Map<string, Int32Array>();
const col2imCache = new Map<string, Int32Array>();

function remember(cache: Map<string, Int32Array>, g: ConvGeometry, table: Int32Array): Int32Array {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key(g), table);
  return table;
}

/**
 * For each patch row (b, oy, ox) and tap (ki, kj), in that order, the image pixel row
 * (b * H + iy) * W + ix it reads, or B * H * W (a zero) where it falls in the padding.
 */
export function im2colIndices(g: ConvGeometry): Int32Array {
  const cached = im2colCache.get(key(g));
  if (cached) return cached;
  const { batch, height, width, kernel, stride, outHeight, outWidth } = g;
  const top = padBefore(height, outHeight, kernel, stride);
  const left = padBefore(width, outWidth, kernel, stride);
  const zero = batch * height * width;
  const out = new Int32Array(batch * outHeight * outWidth * kernel * kernel);
  let at = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let ki = 0; ki < kernel; ki++) {
          const iy = oy * stride + ki - top;
          for (let kj = 0; kj < kernel; kj++) {
            const ix = ox * stride + kj - left;
            const inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
            out[at++] = inside ? (b * height + iy) * width + ix : zero;
          }
        }
      }
    }
  }
  return remember(im2colCache, g, out);
}

/** Taps that can reach one image pixel: ceil(k / s) per axis. */
export function tapsPerPixel(g: ConvGeometry): number {
  return Math.ceil(g.kernel / g.stride) ** 2;
}

/**
 * For each image pixel (b, iy, ix) and each of its `tapsPerPixel` slots, the patch entry row
 * ((b * oh + oy) * ow + ox) * k^2 + ki * k + kj that read it, or the number of patch entry rows
 * (a zero) for an empty slot: summing the gathered slots is col2im.
 */
export function col2imIndices(g: ConvGeometry): Int32Array {
  const cached = col2imCache.get(key(g));
  if (cached) return cached;
  const { batch, height, width, kernel, stride, outHeight, outWidth } = g;
  const top = padBefore(height, outHeight, kernel, stride);
  const left = padBefore(width, outWidth, kernel, stride);
  const taps = Math.ceil(kernel / stride);
  const zero = batch * outHeight * outWidth * kernel * kernel;
  const out = new Int32Array(batch * height * width * taps * taps).fill(zero);
  let at = 0;
  for (let b = 0; b < batch; b++) {
    for (let iy = 0; iy < height; iy++) {
      for (let ix = 0; ix < width; ix++) {
        let slot = at;
        // Taps ki with (iy + top - ki) divisible by the stride, starting from the smallest.
        for (let ki = (iy + top) % stride; ki < kernel; ki += stride) {
          const oy = (iy + top - ki) / stride;
          if (oy < 0 || oy >= outHeight) continue;
          for (let kj = (ix + left) % stride; kj < kernel; kj += stride) {
            const ox = (ix + left - kj) / stride;
            if (ox < 0 || ox >= outWidth) continue;
            out[slot++] = (((b * outHeight + oy) * outWidth + ox) * kernel + ki) * kernel + kj;
          }
        }
        at += taps * taps;
      }
    }
  }
  return remember(col2imCache, g, out);
}
