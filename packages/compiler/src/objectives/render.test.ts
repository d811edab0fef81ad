import { describe, expect, it } from "vitest";
import type { MathExpr } from "./math.js";
import { minus, plus, sym, variable } from "./math.js";
import { renderLatex } from "./render-latex.js";
import { renderText } from "./render-text.js";

const q: MathExpr = {
  kind: "dist",
  model: "q",
  target: [variable("z2")],
  given: [variable("z1"), variable("x")],
  learned: true,
};
const p: MathExpr = {
  kind: "dist",
  model: "p",
  target: [variable("z2")],
  given: [],
  learned: false,
};
const elbo: MathExpr = {
  kind: "equals",
  left: { kind: "apply", name: sym("ELBO"), args: [variable("x")] },
  right: {
    kind: "sum",
    terms: [
      ...plus({ kind: "expect", under: q, body: { kind: "log", arg: variable("x") } }),
      minus({ kind: "kl", left: q, right: p }),
      minus({
        kind: "product",
        factors: [
          {
            kind: "sum",
            terms: [
              { sign: 1, expr: sym("beta") },
              { sign: -1, expr: { kind: "number", value: 1 } },
            ],
          },
          { kind: "tc", of: variable("z2") },
        ],
      }),
    ],
  },
};

describe("renderers", () => {
  it("print plain text in Unicode maths", () => {
    expect(renderText(elbo)).toBe(
      "ℒ(x) = 𝔼_{q_φ(z² | z¹, x)}[log x] − KL(q_φ(z² | z¹, x) ‖ p(z²)) − (β − 1) TC(z²)",
    );
  });

  it("print LaTeX in the seed post's notation", () => {
    expect(renderLatex(elbo)).toBe(
      "\\mathcal{L}(\\mathbf{x}) = \\mathbb{E}_{q_{\\phi}(\\mathbf{z}^{2} \\mid \\mathbf{z}^{1}, \\mathbf{x})}\\left[\\log \\mathbf{x}\\right]" +
        " - \\mathrm{KL}\\left(q_{\\phi}(\\mathbf{z}^{2} \\mid \\mathbf{z}^{1}, \\mathbf{x}) \\,\\|\\, p(\\mathbf{z}^{2})\\right)" +
        " - \\left(\\beta - 1\\right) \\, \\mathrm{TC}\\left(\\mathbf{z}^{2}\\right)",
    );
  });

  it("fall back to ^(...) and _name where Unicode has no script letter", () => {
    expect(renderText(sym("Delta", { sub: "KL" }))).toBe("Δ_KL");
    expect(renderText(sym("mu", { sub: "theta" }))).toBe("μ_θ");
    expect(renderText(variable("h10"))).toBe("h¹⁰");
  });
});
