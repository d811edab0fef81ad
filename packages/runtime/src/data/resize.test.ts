import { describe, expect, it } from "vitest";
import { resizePlane } from "./resize.js";

describe("resizePlane", () => {
  const plane = Float32Array.from({ length: 6 * 4 }, (_, i) => (i * 7) % 5);

  it("is the identity at the same size", () => {
    expect(Array.from(resizePlane(plane, 6, 4, 6, 4))).toEqual(Array.from(plane));
  });

  it("keeps a constant image constant at any size", () => {
    const flat = new Float32Array(10 * 10).fill(0.3);
    for (const [h, w] of [
      [5, 5],
      [3, 7],
      [20, 16],
      [1, 1],
    ]) {
      resizePlane(flat, 10, 10, h, w).forEach((v) => expect(v).toBeCloseTo(0.3, 6));
    }
  });

  it("averages the covered pixels when halving (antialiased, not sampled)", () => {
    // A checkerboard shrinks to its mean everywhere but the cut borders.
    const board = Float32Array.from({ length: 8 * 8 }, (_, i) => ((i % 8) + Math.floor(i / 8)) % 2);
    const half = resizePlane(board, 8, 8, 4, 4);
    expect(half[1 * 4 + 1]).toBeCloseTo(0.5, 6);
    expect(half[2 * 4 + 2]).toBeCloseTo(0.5, 6);
  });

  it("interpolates linearly between pixel centres when enlarging", () => {
    const two = Float32Array.from([0, 1]);
    // Output pixels sit at input positions -0.25, 0.25, 0.75 and 1.25 (pixel-centre units); beyond
    // the outer centres the border pixel is repeated.
    expect(Array.from(resizePlane(two, 1, 2, 1, 4))).toEqual([0, 0.25, 0.75, 1]);
  });
});
