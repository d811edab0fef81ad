import { describe, expect, it } from "vitest";
import { helpForUnknown, suggestName } from "./suggest.js";

describe("suggestName", () => {
  it("finds close typos and case slips", () => {
    expect(suggestName("Bernouli", ["Normal", "Bernoulli"])).toBe("Bernoulli");
    expect(suggestName("normal", ["Normal", "Bernoulli"])).toBe("Normal");
    expect(suggestName("msss", ["mws", "mss"])).toBe("mss");
  });

  it("suggests nothing for unrelated names", () => {
    expect(suggestName("gamma", ["Normal", "Bernoulli"])).toBeUndefined();
    expect(helpForUnknown("gamma", ["Normal", "Bernoulli"], "distributions")).toBe(
      "the known distributions are `Normal` and `Bernoulli`",
    );
  });
});
