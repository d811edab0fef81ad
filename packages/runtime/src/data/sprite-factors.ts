/*
 * dSprites' factors of variation and its indexing (Matthey et al. 2017, deepmind/dsprites-dataset):
 * every combination of the factors appears exactly once, and an image's index is the mixed-radix
 * number of its factor classes with posY varying fastest, as dSprites' `latents_classes` /
 * `latents_bases`. The values are those of dSprites' `latents_values`, including its shape codes
 * 1, 2, 3 and its 40 orientations spaced over the closed interval [0, 2 pi] (so the first and last
 * orientation draw the same image, as in the real data set).
 */

export type SpriteShape = "square" | "ellipse" | "heart";

export const SPRITE_SHAPES: readonly SpriteShape[] = ["square", "ellipse", "heart"];

export interface SpriteFactors {
  shape: SpriteShape;
  /** Linear size relative to the largest sprite, in [0.5, 1]. */
  scale: number;
  /** Radians, counter-clockwise as displayed. */
  orientation: number;
  /** 0 = leftmost, 1 = rightmost. */
  posX: number;
  /** 0 = top, 1 = bottom (the image's row direction). */
  posY: number;
}

export const SPRITE_FACTOR_NAMES = ["color", "shape", "scale", "orientation", "posX", "posY"];

function linspace(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

/** The values each factor takes, in class order (dSprites' `latents_possible_values`). */
export const SPRITE_FACTOR_VALUES: readonly number[][] = [
  [1],
  [1, 2, 3],
  linspace(0.5, 1, 6),
  linspace(0, 2 * Math.PI, 40),
  linspace(0, 1, 32),
  linspace(0, 1, 32),
];

/** [1, 3, 6, 40, 32, 32] */
export const SPRITE_FACTOR_SIZES: readonly number[] = SPRITE_FACTOR_VALUES.map((v) => v.length);

/** Place value of each factor's class in an index: [737280, 245760, 40960, 1024, 32, 1]. */
export const SPRITE_FACTOR_BASES: readonly number[] = SPRITE_FACTOR_SIZES.map((_, i) =>
  SPRITE_FACTOR_SIZES.slice(i + 1).reduce((a, b) => a * b, 1),
);

/** 737,280 */
export const SPRITE_COUNT = SPRITE_FACTOR_SIZES.reduce((a, b) => a * b, 1);

/** The class of each of the 6 factors of sprite `index` (dSprites' `latents_classes[index]`). */
export function spriteClasses(index: number): number[] {
  if (!Number.isInteger(index) || index < 0 || index >= SPRITE_COUNT) {
    throw new RangeError(`sprite index ${index} is outside [0, ${SPRITE_COUNT})`);
  }
  return SPRITE_FACTOR_BASES.map((base, i) => Math.floor(index / base) % SPRITE_FACTOR_SIZES[i]);
}

/** The index of the sprite with these factor classes (the inverse of `spriteClasses`). */
export function spriteIndex(classes: readonly number[]): number {
  return classes.reduce((sum, c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= SPRITE_FACTOR_SIZES[i]) {
      throw new RangeError(
        `class ${c} of factor \`${SPRITE_FACTOR_NAMES[i]}\` is outside [0, ${SPRITE_FACTOR_SIZES[i]})`,
      );
    }
    return sum + c * SPRITE_FACTOR_BASES[i];
  }, 0);
}

/** The factors of sprite `index`, as the renderer takes them. */
export function spriteFactors(index: number): SpriteFactors {
  const c = spriteClasses(index);
  return {
    shape: SPRITE_SHAPES[c[1]],
    scale: SPRITE_FACTOR_VALUES[2][c[2]],
    orientation: SPRITE_FACTOR_VALUES[3][c[3]],
    posX: SPRITE_FACTOR_VALUES[4][c[4]],
    posY: SPRITE_FACTOR_VALUES[5][c[5]],
  };
}
