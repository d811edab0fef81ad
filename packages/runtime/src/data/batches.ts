import type { Dataset } from "./dataset.js";
import { dataRandom, permutation } from "./shuffle.js";

/*
 * Epochs and batches. Each epoch visits the view in a fresh order drawn from (seed, epoch);
 * batches have a constant size (the incomplete last batch of an epoch is dropped, so estimators
 * that depend on the batch size, such as the TC's MSS weights, see the same B every step). A
 * step is located by arithmetic alone, so training resumed at step s sees exactly the batches
 * an uninterrupted run would have.
 */

export interface Batch {
  /** Global step (0-based): epoch * stepsPerEpoch + step within the epoch. */
  step: number;
  epoch: number;
  /** Positions in the view of this batch's examples. */
  indices: number[];
  /** The examples, indices.length x dim, row-major. */
  x: Float32Array;
}

/**
 * Batches in one epoch: floor(size / batchSize), the remainder dropped; a view smaller than one
 * batch gives a single batch of the whole view.
 */
export function stepsPerEpoch(size: number, batchSize: number): number {
  checkBatchSize(batchSize);
  if (size <= 0) return 0;
  return Math.max(1, Math.floor(size / batchSize));
}

/** Where global step `step` falls: its epoch and its step within that epoch. */
export function locateStep(
  step: number,
  size: number,
  batchSize: number,
): { epoch: number; stepInEpoch: number } {
  const perEpoch = stepsPerEpoch(size, batchSize);
  if (perEpoch === 0) throw new RangeError("an empty view has no steps");
  return { epoch: Math.floor(step / perEpoch), stepInEpoch: step % perEpoch };
}

/** The order in which epoch `epoch` visits a view of `size` examples (positions in the view). */
export function epochOrder(size: number, seed: number, epoch: number): Uint32Array {
  return permutation(size, dataRandom(seed, "epoch", epoch));
}

/**
 * The batches of one epoch, starting at `fromStep` within it (0 for the whole epoch): the data
 * order does not depend on where iteration started.
 */
export function* batches(
  view: Dataset,
  batchSize: number,
  seed: number,
  epoch: number,
  fromStep = 0,
): Generator<Batch> {
  const perEpoch = stepsPerEpoch(view.size, batchSize);
  if (perEpoch === 0) return;
  const order = epochOrder(view.size, seed, epoch);
  const width = Math.min(batchSize, view.size);
  for (let s = fromStep; s < perEpoch; s++) {
    const indices = Array.from(order.subarray(s * width, (s + 1) * width));
    yield { step: epoch * perEpoch + s, epoch, indices, x: view.get(indices) };
  }
}

/** Endless batches across epochs from global step `fromStep`: what a training loop iterates. */
export function* batchStream(
  view: Dataset,
  batchSize: number,
  seed: number,
  fromStep = 0,
): Generator<Batch> {
  let { epoch, stepInEpoch } = locateStep(fromStep, view.size, batchSize);
  for (;;) {
    yield* batches(view, batchSize, seed, epoch, stepInEpoch);
    epoch += 1;
    stepInEpoch = 0;
  }
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batch size ${batchSize} is not a positive whole number`);
}
