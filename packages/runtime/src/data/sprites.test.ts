import { describe, expect, it } from "vitest";
import {
  SPRITE_COUNT,
  SPRITE_FACTOR_BASES,
  SPRITE_FACTOR_SIZES,
  SPRITE_FACTOR_VALUES,
  spriteClasses,
  spriteFactors,
  spriteIndex,
  type SpriteFactors,
  type SpriteShape,
} from "./sprite-factors.js";
import { POSITION_MARGIN, renderSprite, SPRITE_RADIUS } from "./sprite-render.js";
import { spritesDataset } from "./sprites.js";

const SIDE = 64;

function render(f: Partial<SpriteFactors> & { shape: SpriteShape }): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  renderSprite({ scale: 1, orientation: 0, posX: 0.5, posY: 0.5, ...f }, out, 0, SIDE);
  return out;
}

function area(img: Float32Array): number {
  return img.reduce((a, b) => a + b, 0);
}

/** Centroid in pixels: [column, row] of the pixel centres that are on. */
function centroid(img: Float32Array): [number, number] {
  let [sx, sy, n] = [0, 0, 0];
  img.forEach((v, p) => {
    if (v) [sx, sy, n] = [sx + (p % SIDE) + 0.5, sy + Math.floor(p / SIDE) + 0.5, n + 1];
  });
  return [sx / n, sy / n];
}

function differing(a: Float32Array, b: Float32Array): number {
  return a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);
}

describe("dSprites factors and index", () => {
  it("has dSprites' factor sizes, bases and 737,280 combinations", () => {
    expect(SPRITE_FACTOR_SIZES).toEqual([1, 3, 6, 40, 32, 32]);
    expect(SPRITE_FACTOR_BASES).toEqual([737280, 245760, 40960, 1024, 32, 1]);
    expect(SPRITE_COUNT).toBe(737280);
  });

  it("uses dSprites' latent values: scales 0.5..1, orientations over [0, 2 pi], positions 0..1", () => {
    expect(SPRITE_FACTOR_VALUES[1]).toEqual([1, 2, 3]);
    SPRITE_FACTOR_VALUES[2].forEach((s, i) => expect(s).toBeCloseTo(0.5 + 0.1 * i, 12));
    expect(SPRITE_FACTOR_VALUES[3][1]).toBeCloseTo((2 * Math.PI) / 39, 12);
    expect(SPRITE_FACTOR_VALUES[3][39]).toBeCloseTo(2 * Math.PI, 12);
    expect(SPRITE_FACTOR_VALUES[4][0]).toBe(0);
    expect(SPRITE_FACTOR_VALUES[4][31]).toBe(1);
  });

  it("indexes mixed-radix with posY fastest, and inverts", () => {
    expect(spriteClasses(0)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(spriteClasses(1)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(spriteClasses(32)).toEqual([0, 0, 0, 0, 1, 0]);
    expect(spriteClasses(SPRITE_COUNT - 1)).toEqual([0, 2, 5, 39, 31, 31]);
    for (const i of [0, 1, 1023, 1024, 40959, 245760, 500001, SPRITE_COUNT - 1]) {
      expect(spriteIndex(spriteClasses(i))).toBe(i);
    }
    expect(spriteFactors(2 * 245760 + 5 * 40960)).toMatchObject({ shape: "heart", scale: 1 });
    expect(() => spriteClasses(SPRITE_COUNT)).toThrow(RangeError);
  });
});

describe("sprite rendering", () => {
  it("is binary and deterministic", () => {
    const a = render({ shape: "heart", orientation: 1.3, scale: 0.8, posX: 0.3, posY: 0.7 });
    const b = render({ shape: "heart", orientation: 1.3, scale: 0.8, posX: 0.3, posY: 0.7 });
    expect(a.every((v) => v === 0 || v === 1)).toBe(true);
    expect(differing(a, b)).toBe(0);
    expect(area(a)).toBeGreaterThan(50);
  });

  it("matches each shape's area at scale 1 (in pixels of a 64 x 64 image)", () => {
    const px = SIDE * SIDE;
    const square = (SPRITE_RADIUS * Math.SQRT2) ** 2 * px;
    const ellipse = Math.PI * SPRITE_RADIUS * (SPRITE_RADIUS / 2) * px;
    expect(area(render({ shape: "square" })) / square).toBeCloseTo(1, 1);
    expect(area(render({ shape: "ellipse" })) / ellipse).toBeCloseTo(1, 1);
  });

  it.each(["square", "ellipse", "heart"] as const)(
    "grows the %s's area with scale squared",
    (shape) => {
      const full = area(render({ shape, orientation: 0.4 }));
      for (const scale of SPRITE_FACTOR_VALUES[2]) {
        const ratio = area(render({ shape, orientation: 0.4, scale })) / full;
        expect(Math.abs(ratio - scale * scale)).toBeLessThan(0.05);
      }
    },
  );

  it.each(["square", "ellipse", "heart"] as const)(
    "moves the %s's centroid with posX and posY",
    (shape) => {
      // The centre in pixels for a position; the centroid follows it up to pixel quantisation.
      const centre = (pos: number) => (POSITION_MARGIN + pos * (1 - 2 * POSITION_MARGIN)) * SIDE;
      const offset = (posX: number, posY: number) => {
        const [x, y] = centroid(render({ shape, posX, posY, scale: 0.7 }));
        return [x - centre(posX), y - centre(posY)];
      };
      const [ox, oy] = offset(0, 0);
      // Square and ellipse are centred on their centroid; the heart's sits a fixed distance from it.
      if (shape !== "heart") expect(Math.hypot(ox, oy)).toBeLessThan(0.5);
      for (const [i, j] of [
        [1, 0],
        [0, 1],
        [10, 3],
        [31, 31],
        [17, 29],
      ]) {
        const [dx, dy] = offset(i / 31, j / 31);
        expect(Math.abs(dx - ox)).toBeLessThan(0.6);
        expect(Math.abs(dy - oy)).toBeLessThan(0.6);
      }
      // One position step moves the sprite by (1 - 2 * margin) * 64 / 31 pixels.
      const [x0] = centroid(render({ shape, posX: 0 }));
      const [x31] = centroid(render({ shape, posX: 1 }));
      expect((x31 - x0) / 31).toBeCloseTo(((1 - 2 * POSITION_MARGIN) * SIDE) / 31, 1);
    },
  );

  it("keeps the largest sprite inside the frame at every position and orientation", () => {
    for (const shape of ["square", "ellipse", "heart"] as const) {
      for (const [posX, posY] of [
        [0, 0],
        [1, 1],
        [0, 1],
        [1, 0],
      ]) {
        for (const orientation of SPRITE_FACTOR_VALUES[3]) {
          const img = render({ shape, posX, posY, orientation });
          for (let k = 0; k < SIDE; k++) {
            const border = [
              img[k],
              img[(SIDE - 1) * SIDE + k],
              img[k * SIDE],
              img[k * SIDE + SIDE - 1],
            ];
            expect(border).toEqual([0, 0, 0, 0]);
          }
        }
      }
    }
  });

  it("draws a square rotated by pi/2 as the same image", () => {
    for (const posX of [0, 0.37, 1]) {
      const a = render({ shape: "square", posX, orientation: 0.3 });
      const b = render({ shape: "square", posX, orientation: 0.3 + Math.PI / 2 });
      expect(differing(a, b)).toBe(0);
      expect(
        differing(a, render({ shape: "square", posX, orientation: 0.3 + Math.PI / 4 })),
      ).toBeGreaterThan(10);
    }
  });

  it("draws an ellipse rotated by pi as the same image, but not by pi/2", () => {
    const a = render({ shape: "ellipse", orientation: 0.2 });
    expect(differing(a, render({ shape: "ellipse", orientation: 0.2 + Math.PI }))).toBe(0);
    expect(
      differing(a, render({ shape: "ellipse", orientation: 0.2 + Math.PI / 2 })),
    ).toBeGreaterThan(50);
  });

  it("draws a heart that no quarter or half turn maps onto itself, upright at orientation 0", () => {
    const a = render({ shape: "heart" });
    for (const turn of [Math.PI / 2, Math.PI, (3 * Math.PI) / 2]) {
      expect(differing(a, render({ shape: "heart", orientation: turn }))).toBeGreaterThan(20);
    }
    // dSprites' orientations run over the closed [0, 2 pi]: the first and last draw the same image.
    const last = SPRITE_FACTOR_VALUES[3][39];
    expect(differing(a, render({ shape: "heart", orientation: last }))).toBe(0);
    // Upright: the point is at the bottom, so the lower half holds less of the heart than the upper.
    const upper = area(a.subarray(0, (SIDE / 2) * SIDE));
    expect(upper).toBeGreaterThan(area(a) - upper);
  });

  it("turns counter-clockwise as displayed: a quarter turn points the heart's lobes left", () => {
    const quarter = render({ shape: "heart", orientation: Math.PI / 2 });
    const left = quarter.reduce((n, v, p) => n + (p % SIDE < SIDE / 2 ? v : 0), 0);
    expect(left).toBeGreaterThan(area(quarter) - left);
    // The ellipse lies along the x axis at orientation 0 and along y after a quarter turn.
    const extent = (img: Float32Array) => {
      const on = [...img.keys()].filter((p) => img[p]);
      const cols = on.map((p) => p % SIDE);
      const rows = on.map((p) => Math.floor(p / SIDE));
      return [Math.max(...cols) - Math.min(...cols), Math.max(...rows) - Math.min(...rows)];
    };
    const [w0, h0] = extent(render({ shape: "ellipse" }));
    expect(w0).toBeGreaterThan(1.8 * h0);
    const [w1, h1] = extent(render({ shape: "ellipse", orientation: Math.PI / 2 }));
    expect(h1).toBeGreaterThan(1.8 * w1);
  });
});

describe("spritesDataset", () => {
  const ds = spritesDataset([64, 64]);

  it("streams batches of rendered sprites with their factor values as labels", () => {
    const indices = [0, 31, SPRITE_COUNT - 1, 400000];
    const x = ds.get(indices);
    expect(x.length).toBe(4 * 4096);
    indices.forEach((index, b) => {
      const one = new Float32Array(4096);
      renderSprite(spriteFactors(index), one);
      expect(differing(x.subarray(b * 4096, (b + 1) * 4096), one)).toBe(0);
    });
    const labels = ds.labels!.get([SPRITE_COUNT - 1]);
    expect(Array.from(labels)).toEqual([1, 3, 1, Math.fround(2 * Math.PI), 1, 1]);
    expect(ds.labels!.names).toEqual(["color", "shape", "scale", "orientation", "posX", "posY"]);
  });

  it("renders every shape, scale, orientation and position distinctly from its neighbours", () => {
    // Changing any factor by one step (other than orientation for symmetric shapes) changes pixels.
    const base = spriteIndex([0, 1, 3, 7, 10, 20]);
    for (const k of [1, 2, 4, 5]) {
      const next = base + SPRITE_FACTOR_BASES[k];
      expect(differing(ds.get([base]), ds.get([next]))).toBeGreaterThan(0);
    }
  });

  it("rejects indices outside the set", () => {
    expect(() => ds.get([SPRITE_COUNT])).toThrow(RangeError);
  });
});
