import { describe, expect, it } from "vitest";
import { recordFixture as record } from "../../test-support/record-fixture.js";
import { flatness } from "./results-flatness.js";

describe("flatness", () => {
  it("is the last interval's gain and its share of the whole rise", () => {
    const r = record({
      spec: "a",
      beta: 1,
      seed: 1,
      heldOutCurve: [
        { step: 1000, elbo: -120 },
        { step: 2000, elbo: -100 },
        { step: 3000, elbo: -95 },
      ],
    });
    // Gained 5 of the 25 nats risen since step 1000.
    expect(flatness(r)).toEqual({ gain: 5, share: 0.2, from: 2000, to: 3000 });
  });

  it("has no share for a curve that fell, and no value with one evaluation", () => {
    const fell = record({
      spec: "a",
      beta: 1,
      seed: 1,
      heldOutCurve: [
        { step: 1, elbo: -90 },
        { step: 2, elbo: -95 },
      ],
    });
    expect(flatness(fell)).toMatchObject({ gain: -5, share: NaN });
    expect(
      flatness(record({ spec: "a", beta: 1, seed: 1, heldOutCurve: [{ step: 1, elbo: -90 }] })),
    ).toBeNull();
    expect(flatness(record({ spec: "a", beta: 1, seed: 1 }))).toBeNull();
  });
});
