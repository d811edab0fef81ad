import { describe, expect, it } from "vitest";
import { auddc } from "./auddc.js";

// Source-target distance 10 and clean reconstruction 4 from the target, so u = ||d|| / 10 and
// v = ||g(x + d) - x_t|| / 4.
const pair = (points: Array<[number, number]>) =>
  auddc(
    points.map(([distortion, l2ToTarget]) => ({ distortion, l2ToTarget })),
    4,
    10,
  );

describe("auddc", () => {
  it("integrates a hand-made curve by the trapezoid rule", () => {
    // Normalised points (0, 1) [no attack], (0.2, 0.5), (0.5, 0.25), then flat to u = 1:
    // 0.2 * (1 + 0.5) / 2 + 0.3 * (0.5 + 0.25) / 2 + 0.5 * 0.25 = 0.15 + 0.1125 + 0.125.
    expect(
      pair([
        [2, 2],
        [5, 1],
      ]),
    ).toBeCloseTo(0.3875, 12);
  });

  it("does not depend on the order of the lambdas", () => {
    expect(
      pair([
        [5, 1],
        [2, 2],
      ]),
    ).toBeCloseTo(0.3875, 12);
  });

  it("cuts the curve at u = 1 by linear interpolation", () => {
    // (0, 1) -> (2, 0): the line v = 1 - u / 2, so the area over [0, 1] is 1 - 1/4.
    expect(pair([[20, 0]])).toBeCloseTo(0.75, 12);
  });

  it("takes the running minimum: a worse point at larger distortion does not raise the curve", () => {
    // (0.2, 0.5) then (0.5, 0.75) is replaced by (0.5, 0.5): 0.15 + 0.3 * 0.5 + 0.5 * 0.5.
    expect(
      pair([
        [2, 2],
        [5, 3],
      ]),
    ).toBeCloseTo(0.55, 12);
  });

  it("is 1 when no attack gets closer than the clean reconstruction and 0 for a free perfect one", () => {
    expect(
      pair([
        [3, 4],
        [6, 5],
      ]),
    ).toBe(1);
    expect(pair([[0, 0]])).toBe(0);
  });

  it("is undefined without a distortion scale or with the clean reconstruction on the target", () => {
    expect(auddc([{ distortion: 1, l2ToTarget: 1 }], 4, 0)).toBeNull();
    expect(auddc([{ distortion: 1, l2ToTarget: 1 }], 0, 10)).toBeNull();
    expect(auddc([{ distortion: NaN, l2ToTarget: 1 }], 4, 10)).toBeNull();
  });
});
