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

describe("helpForUnknown with many candidates", () => {
  it("lists the first ten and counts the rest, so 100,000 params make no megabyte help line", () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `p${i}`);
    const help = helpForUnknown("zzzzzz", names, "parameters");
    expect(help).toBe(
      `the known parameters include ${names
        .slice(0, 10)
        .map((n) => `\`${n}\``)
        .join(", ")} and 99,990 more`,
    );
  });
});
