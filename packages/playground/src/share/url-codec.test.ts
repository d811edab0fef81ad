import { describe, expect, it } from "vitest";
import { decodeSpecFragment, encodeSpecFragment } from "./url-codec.js";

const spec = `# a comment with "quotes", unicode β and a + sign
model Vae {
  data   x : binary[32, 32]
  latent z : 6
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[256])
  q(z | x) = Normal(mlp[256])
}
train { data = sprites, batch = 32, steps = 300, optimizer = adam(lr = 1e-3) }
`;

describe("spec in the URL", () => {
  it("round-trips a spec through the fragment", () => {
    const fragment = encodeSpecFragment(spec);
    expect(fragment.startsWith("#spec=")).toBe(true);
    expect(fragment).toMatch(/^#spec=[A-Za-z0-9+\-$]*$/);
    expect(decodeSpecFragment(fragment)).toBe(spec);
  });

  it("compresses: the fragment is shorter than the spec", () => {
    const long = spec.repeat(4);
    expect(encodeSpecFragment(long).length).toBeLessThan(long.length);
  });

  it("survives a URL parser turning + into a space", () => {
    const fragment = encodeSpecFragment(spec);
    const url = new URL(`https://example.org/play/${fragment}`);
    expect(decodeSpecFragment(url.hash)).toBe(spec);
    expect(decodeSpecFragment(fragment.replaceAll("+", " "))).toBe(spec);
  });

  it("reads nothing from an empty, foreign or damaged fragment", () => {
    expect(decodeSpecFragment("")).toBeUndefined();
    expect(decodeSpecFragment("#section-2")).toBeUndefined();
    expect(decodeSpecFragment("#spec=")).toBeUndefined();
    expect(decodeSpecFragment("#spec=%%%not-lz")).toBeUndefined();
  });
});
