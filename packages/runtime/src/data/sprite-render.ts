import type { SpriteFactors, SpriteShape } from "./sprite-factors.js";

/*
 * Rasterises one sprite: a pixel is 1 when its centre lies inside the rotated, scaled shape and 0
 * otherwise (dSprites is binary, with no anti-aliasing). Geometry is in image units (the image
 * is the unit square, y pointing down), so any resolution draws the same picture; dSprites is
 * 64 x 64.
 *
 * Framing, chosen to look like dSprites: at scale 1 every shape lies within SPRITE_RADIUS of its
 * centre whatever its orientation (the ellipse is 0.4 of the image long, the heart about 0.34
 * wide, the square 0.28 a side), and positions 0..1 map the centre linearly onto
 * [POSITION_MARGIN, 1 - POSITION_MARGIN], so the largest sprite at the extreme positions still
 * clears the border by about two pixels of 64 and is never clipped.
 */

/** Farthest extent of any shape from its centre at scale 1, in image widths. */
export const SPRITE_RADIUS = 0.2;

/** Where position 0 puts the sprite's centre (and 1 - this where position 1 puts it). */
export const POSITION_MARGIN = 0.23;

/** Half the side of the square: its corners touch SPRITE_RADIUS when it is rotated. */
const SQUARE_HALF = SPRITE_RADIUS / Math.SQRT2;

/** Semi-axes of the ellipse, 2:1, long axis horizontal at orientation 0. */
const ELLIPSE_A = SPRITE_RADIUS;
const ELLIPSE_B = SPRITE_RADIUS / 2;

/**
 * The heart is the classic implicit curve (x^2 + y^2 - 1)^3 - x^2 y^3 <= 0 (y up, lobes up and
 * point down at orientation 0). HEART places its bounding-box centre at the sprite's centre and
 * scales it so its farthest point from there is SPRITE_RADIUS.
 */
function heartValue(x: number, y: number): number {
  const q = x * x + y * y - 1;
  return q * q * q - x * x * y * y * y;
}

const HEART = measureHeart();

function measureHeart(): { centreY: number; unitsPerImage: number } {
  // The heart is star-shaped about the origin (heartValue < 0 there and crosses 0 once along
  // every ray), so its boundary is r(phi), found by bisection on a fine grid of directions.
  const boundary: Array<[number, number]> = [];
  const rays = 2048;
  for (let k = 0; k < rays; k++) {
    const phi = (2 * Math.PI * k) / rays;
    const [c, s] = [Math.cos(phi), Math.sin(phi)];
    let [lo, hi] = [0, 2];
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (heartValue(mid * c, mid * s) <= 0) lo = mid;
      else hi = mid;
    }
    boundary.push([lo * c, lo * s]);
  }
  const ys = boundary.map(([, y]) => y);
  const centreY = (Math.max(...ys) + Math.min(...ys)) / 2;
  const radius = Math.max(...boundary.map(([x, y]) => Math.hypot(x, y - centreY)));
  return { centreY, unitsPerImage: radius / SPRITE_RADIUS };
}

/** Whether the point (u, v) in the sprite's own frame at scale 1 (image units, v up) is inside. */
function inside(shape: SpriteShape, u: number, v: number): boolean {
  switch (shape) {
    case "square":
      return Math.abs(u) <= SQUARE_HALF && Math.abs(v) <= SQUARE_HALF;
    case "ellipse":
      return (u / ELLIPSE_A) ** 2 + (v / ELLIPSE_B) ** 2 <= 1;
    case "heart":
      return heartValue(u * HEART.unitsPerImage, v * HEART.unitsPerImage + HEART.centreY) <= 0;
  }
}

/** The sprite's centre in image units (x right, y down) for positions in [0, 1]. */
export function spriteCentre(posX: number, posY: number): [number, number] {
  const span = 1 - 2 * POSITION_MARGIN;
  return [POSITION_MARGIN + posX * span, POSITION_MARGIN + posY * span];
}

/**
 * Draws the sprite into out[offset .. offset + size * size) as 0/1, row-major (row = y).
 * Deterministic: the same factors always give the same pixels.
 */
export function renderSprite(
  f: SpriteFactors,
  out: Float32Array | Uint8Array,
  offset = 0,
  size = 64,
): void {
  out.fill(0, offset, offset + size * size);
  const [cx, cy] = spriteCentre(f.posX, f.posY);
  const cos = Math.cos(f.orientation);
  const sin = Math.sin(f.orientation);
  const reach = SPRITE_RADIUS * f.scale;
  // Only pixels whose centres can be inside: those within `reach` of the centre on each axis.
  const first = (c: number) => Math.max(0, Math.floor((c - reach) * size - 0.5));
  const last = (c: number) => Math.min(size - 1, Math.ceil((c + reach) * size - 0.5));
  for (let i = first(cy); i <= last(cy); i++) {
    const dy = cy - (i + 0.5) / size; // up is positive in the sprite's frame
    for (let j = first(cx); j <= last(cx); j++) {
      const dx = (j + 0.5) / size - cx;
      // Undo the rotation (rotate by -orientation), then the scale.
      const u = (cos * dx + sin * dy) / f.scale;
      const v = (-sin * dx + cos * dy) / f.scale;
      if (inside(f.shape, u, v)) out[offset + i * size + j] = 1;
    }
  }
}
