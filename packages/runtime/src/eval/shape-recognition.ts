import * as tf from "@tensorflow/tfjs-core";
import type { Dataset } from "../data/dataset.js";
import {
  SPRITE_FACTOR_NAMES,
  SPRITE_FACTOR_VALUES,
  SPRITE_SHAPES,
  type SpriteShape,
} from "../data/sprite-factors.js";
import { renderSprite } from "../data/sprite-render.js";
import { runForward } from "../losses/forward-pass.js";
import { likelihoodMean } from "../losses/likelihood.js";
import { zeroNoise } from "../losses/noise.js";
import type { VaeModel } from "../model/vae-model.js";

/*
 * Does the model reconstruct a sprite's shape, or only a blob in the right place? Each held-out
 * sprite's reconstruction (the likelihood's mean on the posterior-mean path) is thresholded at
 * 0.5, the silhouette a reader sees, and compared with the generator's own renderings of the three
 * shapes at the sprite's true position, at each of the generator's 40 orientations and at the
 * scale that gives the rendering the silhouette's area; the recognised shape is the one with a
 * rendering that differs from the silhouette in the fewest pixels. The scale is fitted to the
 * area, not taken from the sprite or from the generator's 6 scales, so that area carries no
 * information: a heart covers more pixels than a square of the same scale, and on a coarse scale
 * grid a round blob of a heart's area would still be "recognised" as a heart. Only the outline
 * counts. Chance is 1/3; the headline is the mean of the per-shape accuracies (balanced accuracy),
 * so a model that draws everything as one shape scores 1/3 whatever the mix.
 */

export interface ShapeRecognition {
  examples: number;
  /** Fraction of sprites whose reconstruction is closest to the rendering of their own shape. */
  accuracy: number;
  /** Mean over the three shapes of the per-shape accuracy. */
  balancedAccuracy: number;
  perShape: Record<SpriteShape, { examples: number; correct: number }>;
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
 * Which shape's renderings each reconstruction's silhouette is closest to. `probabilities` holds
 * one reconstruction per row (pixel probabilities), `labels` the sprites' factor values
 * (color, shape code 1-3, scale, orientation, posX, posY), `side` the image side.
 */
export function recogniseShapes(
  probabilities: Float32Array,
  labels: Float32Array,
  side: number,
): SpriteShape[] {
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
  // +1 where the silhouette is on, -1 where it is off: the pixels a rendering differs in are
  // |silhouette| - (sum of this over the rendering's pixels), so the largest sum is the closest.
  const agreement = new Int8Array(dim);
  const recognised: SpriteShape[] = [];
  for (let row = 0; row < count; row++) {
    let area = 0;
    for (let i = 0; i < dim; i++) {
      const on = probabilities[row * dim + i] > 0.5;
      agreement[i] = on ? 1 : -1;
      if (on) area++;
    }
    const [posX, posY] = [labels[row * width + 4], labels[row * width + 5]];
    let best: SpriteShape = SPRITE_SHAPES[0];
    let bestScore = -Infinity;
    for (const shape of SPRITE_SHAPES) {
      const fitted = Math.sqrt(Math.max(area, 1) / unitArea.get(shape)!);
      for (const step of SCALE_STEPS) {
        for (const orientation of SPRITE_FACTOR_VALUES[3]) {
          const scale = fitted * step;
          renderSprite({ shape, scale, orientation, posX, posY }, template, 0, side);
          let score = 0;
          for (let i = 0; i < dim; i++) if (template[i] !== 0) score += agreement[i];
          if (score > bestScore) {
            bestScore = score;
            best = shape;
          }
        }
      }
    }
    recognised.push(best);
  }
  return recognised;
}

/** Scores recognised shapes against the true shape codes (1 square, 2 ellipse, 3 heart). */
export function scoreRecognition(
  recognised: readonly SpriteShape[],
  trueCodes: readonly number[],
): ShapeRecognition {
  const perShape = Object.fromEntries(
    SPRITE_SHAPES.map((s) => [s, { examples: 0, correct: 0 }]),
  ) as ShapeRecognition["perShape"];
  let correct = 0;
  recognised.forEach((shape, i) => {
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
    accuracy: correct / Math.max(1, recognised.length),
    balancedAccuracy: balanced,
    perShape,
  };
}

/** Shape recognition of a model's reconstructions of the first `limit` sprites of `data`. */
export function evaluateShapeRecognition(
  model: VaeModel,
  data: Dataset,
  options: { limit?: number; batch?: number } = {},
): ShapeRecognition | null {
  if (!hasSpriteFactors(data) || data.labels === undefined) return null;
  const count = Math.min(data.size, options.limit ?? 300);
  const batch = options.batch ?? 100;
  const side = data.shape[1];
  const recognised: SpriteShape[] = [];
  const codes: number[] = [];
  for (let start = 0; start < count; start += batch) {
    const indices = Array.from({ length: Math.min(batch, count - start) }, (_, i) => start + i);
    const x = tf.tensor2d(data.get(indices), [indices.length, data.dim]);
    const reconstruction = tf.tidy(() =>
      likelihoodMean(runForward(model, x, zeroNoise).likelihood),
    );
    const probabilities = reconstruction.dataSync() as Float32Array;
    tf.dispose([x, reconstruction]);
    const labels = data.labels.get(indices);
    recognised.push(...recogniseShapes(probabilities, labels, side));
    indices.forEach((_, b) => codes.push(labels[b * SPRITE_FACTOR_NAMES.length + 1]));
  }
  return scoreRecognition(recognised, codes);
}
