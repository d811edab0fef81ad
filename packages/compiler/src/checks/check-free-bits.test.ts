import { describe, expect, it } from "vitest";
import { checkSource, compileSource } from "../compile.js";
import { deriveObjectives } from "../objectives/derive-objectives.js";
import { renderLatex } from "../objectives/render-latex.js";
import { renderText } from "../objectives/render-text.js";

const spec = (penalty: string): string => `model M {
  data   x : binary[28, 28]
  latent z : 4
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[16])
  q(z | x) = Normal(mlp[16])
  ${penalty}
}
train { data = mnist }
`;

function compiled(penalty: string) {
  const { result, diagnostics } = compileSource({ path: "m.vae", text: spec(penalty) });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result!.ir;
}

const codes = (penalty: string): string[] =>
  checkSource({ path: "m.vae", text: spec(penalty) }).map((d) => d.code);

describe("free bits: per layer or per unit", () => {
  it("floors the layer by default, leaving `per` out of the IR (and so out of the run's hash)", () => {
    const ir = compiled("penalize kl(z) with free_bits = 0.5");
    expect(ir.penalties).toEqual([expect.objectContaining({ kind: "free-bits", lambda: 0.5 })]);
    expect(ir.penalties[0]).not.toHaveProperty("per");
    expect(compiled("penalize kl(z) with free_bits = 0.5, per = layer").hash).toBe(ir.hash);
  });

  it("floors each unit with `per = unit`, a different model", () => {
    const layer = compiled("penalize kl(z) with beta = 4, free_bits = 0.5");
    const unit = compiled("penalize kl(z) with beta = 4, free_bits = 0.5, per = unit");
    expect(unit.penalties).toEqual([
      expect.objectContaining({ kind: "kl", beta: 4 }),
      expect.objectContaining({ kind: "free-bits", lambda: 0.5, per: "unit" }),
    ]);
    expect(unit.hash).not.toBe(layer.hash);
  });

  it("rejects `per` without free bits (VAE230), an unknown choice (VAE111), negative floors (VAE402); `per` is not a tc setting (VAE106)", () => {
    expect(codes("penalize kl(z) with beta = 4, per = unit")).toEqual(["VAE230"]);
    expect(codes("penalize kl(z) with free_bits = 0.5, per = units")).toEqual(["VAE111"]);
    expect(codes("penalize kl(z) with free_bits = 0.5, per = 2")).toEqual(["VAE407"]);
    expect(codes("penalize kl(z) with free_bits = -1, per = unit")).toEqual(["VAE402"]);
    expect(codes("penalize tc(z) with beta = 2, per = unit")).toEqual(["VAE106"]);
  });

  it("derives Σₖ max(λ_fb, KL per unit) for `per = unit` and max(λ_fb, KL) for the layer", () => {
    const training = (penalty: string) => deriveObjectives(compiled(penalty)).training;
    const unit = training("penalize kl(z) with free_bits = 0.5, per = unit");
    expect(renderText(unit.equation)).toBe(
      "ℒ(x) = 𝔼_{q_φ(z | x)}[log p_θ(x | z)] − Σₖ max(λ_fb, KL(q_φ(zₖ | x) ‖ p(zₖ)))",
    );
    expect(renderLatex(unit.equation)).toContain("\\sum_{k} \\max\\left(");
    expect(unit.terms[1].account).toContain("each of its 4 units");
    const layer = training("penalize kl(z) with free_bits = 0.5");
    expect(renderText(layer.equation)).toBe(
      "ℒ(x) = 𝔼_{q_φ(z | x)}[log p_θ(x | z)] − max(λ_fb, KL(q_φ(z | x) ‖ p(z)))",
    );
  });
});
