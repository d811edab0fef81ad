import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../backend/webgpu/read-values.js";
import type { Dataset } from "../data/dataset.js";
import {
  SPRITE_FACTOR_NAMES,
  SPRITE_FACTOR_VALUES,
  SPRITE_SHAPES,
  type SpriteShape,
} from "../data/sprite-factors.js";
import { renderSprite, spriteCentre } from "../data/sprite-render.js";
import { runForward } from "../losses/forward-pass.js";
import { likelihoodMean } from "../losses/likelihood.js";
import { zeroNoise } from "../losses/noise.js";
import type { VaeModel } from "../model/vae-model.js";

/*
 * Does the model reconstruct a sprite's shape, or only a blob in the right place? Each held-out
 * sprite's reconstruction (the likelihood's mean on the posterior-mean path) is thresholded at
 * 0.5, the silhouette a reader sees, and compared with candidate outlines at the sprite's true
 * position, all with the silhouette's own area: the generator's renderings of the three shapes at
 * each of its 40 orientations, and a round disk. The closest candidate (fewest differing pixels)
 * is what the reconstruction shows; it is right only when that is the sprite's own shape.
 * - Area carries no information: a heart covers more pixels than a square of the same scale, so
 *   with the true scale (or the generator's coarse scale grid) a blob of a heart's area would
 *   pass as a heart. Only the outline counts.
 * - The disk catches blobs: a square drawn without corners or a heart without lobes is closer to
 *   the disk than to its shape, and counts as wrong even when the blobs of different shapes
 *   differ slightly from each other.
 * The headline is the mean of the per-shape accuracies (balanced accuracy); a model that draws
 * everything as blobs scores 0, one that guesses a shape at random 1/3.
 */

/** What a reconstruction's silhouette is closest to: a sprite shape or a round blob. */
export type ShownOutline = SpriteShape | "blob";

export interface ShapeRecognition {
  examples: number;
  /** Reconstructions closer to a round disk than to any shape. */
  blobs: number;
  /** Fraction of sprites whose reconstruction is closest to the rendering of their own shape. */
  accuracy: number;
  /** Mean over the three shapes of the per-shape accuracy. */
  balancedAccuracy: number;
  perShape: Record<SpriteShape, { examples: number; correct: number }>;
}

/**
 * What to tell a reader whose model draws a shape as blobs (below chance): why, and what to do.
 * docs/performance.md measured it: squares' corners come last, after many times the demo's
 * training, while the ELBO hardly moves. Null when every shape is at or above chance.
 */
export function blobbedShapesNote(recognition: ShapeRecognition): string | null {
  const blobbed = SPRITE_SHAPES.filter((shape) => {
    const { examples, correct } = recognition.perShape[shape];
    return examples > 0 && correct / examples < 1 / 3;
  });
  if (blobbed.length === 0) return null;
  return (
    `the ${blobbed.map((s) => `${s}s`).join(" and ")} are drawn below chance, mostly as round blobs: ` +
    "what tells them apart (a square's corners) is a few pixels, worth little likelihood, so a model " +
    "learns it late; train longer to see it (`--steps`; docs/performance.md measures how long)"
  );
}

/** True when the data set carries the sprite generator's factors (so templates can be drawn). */
export function hasSpriteFactors(data: Dataset): boolean {
  const names = data.labels?.names;
  return (
    names !== undefined &&
    names.length === SPRITE_FACTOR_NAMES.length &&
    names.every((n, i) => n === SPRITE_FACTOR_NAMES[i]) &&
    data.shape.length === 2 &&
    data.shape[0] === data.shape[1]
  );
}

/** Relative scales tried around the area-matched one (the pixel grid makes area uneven). */
const SCALE_STEPS = [0.94, 1, 1.06];

/**
 * What each reconstruction's silhouette is closest to. `probabilities` holds one reconstruction
 * per row (pixel probabilities), `labels` the sprites' factor values (color, shape code 1-3,
 * scale, orientation, posX, posY), `side` the image side.
 */
export function recogniseShapes(
  probabilities: Float32Array,
  labels: Float32Array,
  side: number,
): ShownOutline[] {
  const dim = side * side;
  const width = SPRITE_FACTOR_NAMES.length;
  const count = probabilities.length / dim;
  const template = new Uint8Array(dim);
  const unitArea = new Map(
    SPRITE_SHAPES.map((shape) => {
      renderSprite({ shape, scale: 1, orientation: 0, posX: 0.5, posY: 0.5 }, template, 0, side);
      return [shape, template.reduce((sum, v) => sum + v, 0)] as const;
    }),
  );
  // +1 where the silhouette is on, -1 where it is off: the pixels a candidate differs in are
  // |silhouette| - (sum of this over the candidate's pixels), so the largest sum is the closest.
  const agreement = new Int8Array(dim);
  const score = () => {
    let sum = 0;
    for (let i = 0; i < dim; i++) if (template[i] !== 0) sum += agreement[i];
    return sum;
  };
  const shown: ShownOutline[] = [];
  for (let row = 0; row < count; row++) {
    let area = 0;
    for (let i = 0; i < dim; i++) {
      const on = probabilities[row * dim + i] > 0.5;
      agreement[i] = on ? 1 : -1;
      if (on) area++;
    }
    const [posX, posY] = [labels[row * width + 4], labels[row * width + 5]];
    let best: ShownOutline = "blob";
    let bestScore = -Infinity;
    for (const step of SCALE_STEPS) {
      renderDisk(
        spriteCentre(posX, posY),
        step * Math.sqrt(Math.max(area, 1) / Math.PI),
        template,
        side,
      );
      const s = score();
      if (s > bestScore) [best, bestScore] = ["blob", s];
    }
    for (const shape of SPRITE_SHAPES) {
      const fitted = Math.sqrt(Math.max(area, 1) / unitArea.get(shape)!);
      for (const step of SCALE_STEPS) {
        for (const orientation of SPRITE_FACTOR_VALUES[3]) {
          renderSprite({ shape, scale: fitted * step, orientation, posX, posY }, template, 0, side);
          const s = score();
          if (s > bestScore) [best, bestScore] = [shape, s];
        }
      }
    }
    shown.push(best);
  }
  return shown;
}

/** A filled disk of `radius` pixels centred at `centre` (image units), as 0/1 pixels. */
function renderDisk(centre: [number, number], radius: number, out: Uint8Array, side: number) {
  const [cx, cy] = [centre[0] * side, centre[1] * side];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      out[i * side + j] = Math.hypot(j + 0.5 - cx, i + 0.5 - cy) <= radius ? 1 : 0;
    }
  }
}

/** Scores recognised shapes against the true shape codes (1 square, 2 ellipse, 3 heart). */
export function scoreRecognition(
  recognised: readonly ShownOutline[],
  trueCodes: readonly number[],
): ShapeRecognition {
  const perShape = Object.fromEntries(
    SPRITE_SHAPES.map((s) => [s, { examples: 0, correct: 0 }]),
  ) as ShapeRecognition["perShape"];
  let correct = 0;
  let blobs = 0;
  recognised.forEach((shape, i) => {
    if (shape === "blob") blobs++;
    const truth = SPRITE_SHAPES[trueCodes[i] - 1];
    perShape[truth].examples++;
    if (shape === truth) {
      perShape[truth].correct++;
      correct++;
    }
  });
  const present = SPRITE_SHAPES.filter((s) => perShape[s].examples > 0);
  const balanced =
    present.reduce((sum, s) => sum + perShape[s].correct / perShape[s].examples, 0) /
    Math.max(1, present.length);
  return {
    examples: recognised.length,
    blobs,
    accuracy: correct / Math.max(1, recognised.length),
    balancedAccuracy: balanced,
    perShape,
  };
}

/** Shape recognition of a model's reconstructions of the first `limit` sprites of `data`. */
export async function evaluateShapeRecognition(
  model: VaeModel,
  data: Dataset,
  options: { limit?: number; batch?: number } = {},
): Promise<ShapeRecognition | null> {
  if (!hasSpriteFactors(data) || data.labels === undefined) return null;
  const count = Math.min(data.size, options.limit ?? 300);
  const batch = options.batch ?? 100;
  const side = data.shape[1];
  const recognised: ShownOutline[] = [];
  const codes: number[] = [];
  for (let start = 0; start < count; start += batch) {
    const indices = Array.from({ length: Math.min(batch, count - start) }, (_, i) => start + i);
    const x = tf.tensor2d(data.get(indices), [indices.length, data.dim]);
    const reconstruction = tf.tidy(() =>
      likelihoodMean(runForward(model, x, zeroNoise).likelihood),
    );
    let probabilities: Float32Array;
    try {
      probabilities = await readValues(reconstruction);
    } finally {
      tf.dispose([x, reconstruction]);
    }
    const labels = data.labels.get(indices);
    recognised.push(...recogniseShapes(probabilities, labels, side));
    indices.forEach((_, b) => codes.push(labels[b * SPRITE_FACTOR_NAMES.length + 1]));
  }
  return scoreRecognition(recognised, codes);
}
