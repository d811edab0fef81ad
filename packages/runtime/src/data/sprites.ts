import type { Dataset, Labels } from "./dataset.js";
import { checkIndex } from "./dataset.js";
import {
  SPRITE_COUNT,
  SPRITE_FACTOR_NAMES,
  SPRITE_FACTOR_VALUES,
  spriteClasses,
  spriteFactors,
} from "./sprite-factors.js";
import { renderSprite } from "./sprite-render.js";

/**
 * The procedural dSprites: all 737,280 factor combinations, drawn on demand (a batch is
 * rendered when asked for, the set is never held in memory). `side` is the image's side in
 * pixels (dSprites' is 64; smaller sides draw the same picture coarser, handy for quick tests).
 * Labels are dSprites' `latents_values`: color (always 1), shape (1 square, 2 ellipse, 3 heart),
 * scale, orientation, posX, posY.
 */
export function spritesDataset(shape: number[], side = 64): Dataset {
  const dim = side * side;
  const labels: Labels = {
    names: [...SPRITE_FACTOR_NAMES],
    values: SPRITE_FACTOR_VALUES.map((v) => [...v]),
    get(indices) {
      const width = SPRITE_FACTOR_NAMES.length;
      const out = new Float32Array(indices.length * width);
      indices.forEach((index, b) => {
        spriteClasses(index).forEach((c, k) => (out[b * width + k] = SPRITE_FACTOR_VALUES[k][c]));
      });
      return out;
    },
  };
  return {
    name: "sprites",
    size: SPRITE_COUNT,
    shape: [...shape],
    dim,
    kind: "binary",
    range: [0, 1],
    labels,
    get(indices) {
      const out = new Float32Array(indices.length * dim);
      indices.forEach((index, b) =>
        renderSprite(spriteFactors(checkIndex(index, SPRITE_COUNT)), out, b * dim, side),
      );
      return out;
    },
  };
}
