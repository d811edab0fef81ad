import { describe, expect, it } from "vitest";
import { compileSource } from "../compile.js";

const spec = (sweep: string, extra = "") => `param beta = 2
${extra}model Vae {
  data   x : binary[28, 28]
  latent z : 8
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[16])
  q(z | x) = Normal(mlp[16])
  penalize tc(z) with beta = beta
}
train { data = mnist, steps = 10 }
${sweep}
`;

function compile(text: string, grid?: string[]) {
  const out = compileSource({ path: "s.vae", text }, { grid });
  return {
    codes: out.diagnostics.map((d) => d.code),
    sweeps: out.result?.ir.sweeps.map((s) => [s.key, s.values.map((v) => v.text)]),
  };
}

describe("grid axes", () => {
  it("reads params and train settings, `seed` as `train.seed`, values as --set text", () => {
    const out = compile(
      spec('sweep beta in [1, 2 * 2], seed in [1, 2, 3],\n  train.data in [mnist, npy("d.npy")]'),
    );
    expect(out.codes).toEqual([]);
    expect(out.sweeps).toEqual([
      ["beta", ["1", "4"]],
      ["train.seed", ["1", "2", "3"]],
      ["train.data", ["mnist", 'npy("d.npy")']],
    ]);
  });

  it("keeps a bare `seed` for a param of that name", () => {
    expect(compile(spec("sweep seed in [1, 2]", "param seed = 1\n")).sweeps).toEqual([
      ["seed", ["1", "2"]],
    ]);
  });

  it("checks each setting value as the train block would", () => {
    expect(compile(spec("sweep train.data in [mnist, mnsit]")).codes).toEqual(["VAE108"]);
    expect(compile(spec("sweep train.steps in [10, 0]")).codes.length).toBe(1);
  });

  it.each([
    ["sweep train.stpes in [1, 2]", "VAE122"],
    ["sweep model.x in [1, 2]", "VAE122"],
    ["sweep attack.pairs in [1, 2]", "VAE123"],
    ["sweep seed in [1], train.seed in [2]", "VAE124"],
    ["sweep beta in [1]\nsweep beta in [2]", "VAE124"],
    ["sweep beta in [1, 1]", "VAE125"],
    ["sweep bta in [1]", "VAE117"],
    [
      `sweep beta in [${Array.from({ length: 11 }, (_, i) => i).join(", ")}], seed in [${Array.from({ length: 100 }, (_, i) => i).join(", ")}]`,
      "VAE126",
    ],
  ])("%s gives %s", (sweep, code) => {
    expect(compile(spec(sweep)).codes).toEqual([code]);
  });

  it("lets --grid axes replace the spec's and add new ones", () => {
    const out = compile(spec("sweep beta in [1, 2]"), ["beta in [4, 8]", "train.seed in [5]"]);
    expect(out.sweeps).toEqual([
      ["beta", ["4", "8"]],
      ["train.seed", ["5"]],
    ]);
  });

  it("reports a malformed --grid with the parser's diagnostic, against the flag", () => {
    const out = compileSource({ path: "s.vae", text: spec("") }, { grid: ["beta in [1,"] });
    expect(out.diagnostics.map((d) => [d.code.startsWith("VAE0"), d.file])).toEqual([
      [true, "--grid beta in [1,"],
    ]);
  });
});
