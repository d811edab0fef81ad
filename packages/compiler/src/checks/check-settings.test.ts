import { describe, expect, it } from "vitest";
import { checkSource, compileSource } from "../compile.js";
import type { ModelIR } from "../ir.js";
import { spriteSide } from "./check-settings.js";

/*
 * What a new user meets in the `train` settings: a default held-out split that small data sets
 * can afford, the sprite sizes docs/data.md promises, and a posterior conditioned on itself
 * whose help never suggests keeping the self-conditioning.
 */

const spec = (shape: string, train = "", q = "q(z | x)"): string => `model M {
  data   x : binary[${shape}]
  latent z : 4
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[32])
  ${q} = Normal(mlp[32])
}
${train}`;

function compile(text: string, set: Record<string, string> = {}): ModelIR {
  const { result, diagnostics } = compileSource({ path: "m.vae", text }, { set });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return (result as { ir: ModelIR }).ir;
}

describe("held_out", () => {
  it("is left to the data's size when the spec does not set it", () => {
    expect(compile(spec("28, 28")).train.heldOut).toBeNull();
  });

  it("is the spec's count when set, in the spec or with --set", () => {
    expect(compile(spec("28, 28", "train { held_out = 250 }")).train.heldOut).toBe(250);
    expect(compile(spec("28, 28"), { "train.held_out": "0" }).train.heldOut).toBe(0);
  });
});

describe("sprites", () => {
  it.each(["64, 64", "32, 32", "1, 32, 32", "16, 16", "28, 28"])(
    "draws any square of 8 pixels or more: [%s]",
    (shape) => {
      expect(compile(spec(shape, "train { data = sprites }")).train.data).toEqual({
        kind: "sprites",
      });
    },
  );

  it.each(["32, 64", "4, 4", "3, 32, 32"])("refuses [%s] with VAE212 and a fix", (shape) => {
    const found = checkSource({ path: "m.vae", text: spec(shape, "train { data = sprites }") });
    const vae212 = found.find((d) => d.code === "VAE212");
    expect(vae212?.message).toContain("`sprites` draws square images of 8 pixels or more");
    expect(vae212?.help).toContain("`binary[32, 32]`");
  });

  it("agrees with the loader's rule for the side", () => {
    expect(spriteSide([32, 32])).toBe(32);
    expect(spriteSide([1, 48, 48])).toBe(48);
    expect(spriteSide([7, 7])).toBeUndefined();
    expect(spriteSide([32, 16])).toBeUndefined();
  });
});

describe("a posterior conditioned on itself", () => {
  it("is told to condition on the data, never to keep itself as a parent", () => {
    const found = checkSource({ path: "m.vae", text: spec("28, 28", "", "q(z | z)") });
    const helps = found.map((d) => `${d.code}: ${d.help}`);
    expect(helps).toContain("VAE206: condition it on the data: `q(z | x)`");
    expect(helps).toContain(
      "VAE204: an inference model must be a directed acyclic graph; condition it on the data instead: `q(z | x)`",
    );
    expect(helps.join("\n")).not.toContain("q(z | z");
  });
});
