import { describe, expect, it } from "vitest";
import { compileSource, checkSource } from "../compile.js";

/*
 * Long flat chains nest the AST thousands deep (`1 + 1 + ...` is a left-leaning tree, `- - x`
 * a chain of Unary nodes): every pass must walk them without recursion.
 */

const MODEL = `model Vae {
  data   x : binary[28, 28]
  latent z : 8
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[64])
  q(z | x) = Normal(mlp[64])
}
`;

const sum = (terms: number, term = "1") => Array(terms).fill(term).join(" + ");

function compileWith(head: string, tail = "", set: Record<string, string> = {}) {
  return compileSource({ path: "long.vae", text: `${head}\n${MODEL}${tail}` }, { set });
}

describe("long flat expressions", () => {
  it("evaluates a 7,000-term sum and 10,000 signs", () => {
    const compiled = compileWith(
      `param a = ${sum(7000)}\nparam b = ${"-".repeat(10_000)}3\nparam c = a / 7000 + b`,
      "train { data = mnist, batch = c }\n",
    );
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.result?.ir.train.batch).toBe(4);
  });

  it("reports a name in a long chain once, and keeps the rest quiet", () => {
    const diagnostics = checkSource({
      path: "long.vae",
      text: `param a = ${sum(5000)} + nope + ${sum(5000)}\n${MODEL}`,
    });
    expect(diagnostics.map((d) => d.code)).toEqual(["VAE103"]);
  });

  it("finds params used deep inside a chain (dependency order)", () => {
    const compiled = compileWith(
      `param a = ${sum(6000, "b")}\nparam b = 2`,
      "train { data = mnist, batch = a / 6000 }\n",
    );
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.result?.ir.train.batch).toBe(2);
  });

  it("reports a division by zero at the end of a long chain as VAE119", () => {
    const diagnostics = checkSource({
      path: "long.vae",
      text: `param a = ${sum(8000)} / 0\n${MODEL}`,
    });
    expect(diagnostics.map((d) => d.code)).toEqual(["VAE119"]);
  });

  it("takes a long chain from --set", () => {
    const compiled = compileWith("", "train { data = mnist }\n", {
      "train.batch": `${sum(7000)} - 6990`,
    });
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.result?.ir.train.batch).toBe(10);
  });
});
