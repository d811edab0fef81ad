/*
 * Parameter counts of the networks, kept apart from the checks so the property tests can compare
 * them with an independent computation and the runtime's documentation can point here.
 */

/** Weights and biases of a fully connected stack through `widths` (input first, output last). */
export function denseParamCount(widths: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < widths.length; i++) total += widths[i - 1] * widths[i] + widths[i];
  return total;
}

/** Weights and biases of a chain of k x k convolutions (or transposed ones) through `channels`. */
export function convParamCount(channels: readonly number[], kernel: number): number {
  let total = 0;
  for (let i = 1; i < channels.length; i++)
    total += channels[i - 1] * channels[i] * kernel * kernel + channels[i];
  return total;
}

/**
 * Spatial size after `layers` convolutions with "same" padding and the given stride: the size
 * divided by stride^layers, or undefined when a layer would not divide evenly (then a decoder
 * could not mirror the encoder exactly).
 */
export function convOutputSize(size: number, stride: number, layers: number): number | undefined {
  let s = size;
  for (let i = 0; i < layers; i++) {
    if (s % stride !== 0) return undefined;
    s /= stride;
  }
  return s >= 1 ? s : undefined;
}
