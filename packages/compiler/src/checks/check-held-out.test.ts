import { describe, expect, it } from "vitest";
import { checkSource } from "../compile.js";

const MODEL = `model Vae {
  data   x : binary[28, 28]
  latent z : 8
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[64])
  q(z | x) = Normal(mlp[64])
}
`;

const codes = (tail: string, set: Record<string, string> = {}) =>
  checkSource({ path: "t.vae", text: `${MODEL}${tail}` }, { set }).map((d) => d.code);

describe("held-out examples for the attacks (VAE218)", () => {
  it.each([0, 1])("flags held_out = %i with an attack block, at the setting", (n) => {
    const diagnostics = checkSource({
      path: "t.vae",
      text: `${MODEL}train { data = mnist, held_out = ${n} }\nattack { pairs = 3 }\n`,
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: "VAE218",
      severity: "error",
      message: `the attacks need at least 2 held-out examples, but \`held_out = ${n}\``,
      span: { start: { line: 8, column: 23 } },
      labels: [{ span: { start: { line: 9, column: 1 } } }],
    });
    expect(diagnostics[0].help).toContain("held_out = 100");
  });

  it("flags a held-out count set from the command line", () => {
    expect(codes("attack { pairs = 3 }\n", { "train.held_out": "1" })).toEqual(["VAE218"]);
  });

  it("accepts 2 or more, the default share, and held_out = 0 without attacks", () => {
    expect(codes("train { data = mnist, held_out = 2 }\nattack { pairs = 3 }\n")).toEqual([]);
    expect(codes("train { data = mnist }\nattack { pairs = 3 }\n")).toEqual([]);
    expect(codes("train { data = mnist, held_out = 0 }\n")).toEqual([]);
  });
});
