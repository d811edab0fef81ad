import { describe, expect, it } from "vitest";
import { diagnostic, fillTemplate } from "./define.js";
import { SYNTAX } from "./syntax-codes.js";
import { didYouMean } from "./suggest.js";

const at = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };

describe("diagnostic definitions", () => {
  it("fills message templates and builds plain data", () => {
    const d = diagnostic(SYNTAX.unknownDeclaration, "f.vae", at, { word: "latnet" })
      .withPrimaryLabel("here")
      .withLabel(at, "there")
      .withNote("n")
      .withHelp("did you mean `latent`?")
      .build();
    expect(d).toEqual({
      code: "VAE015",
      severity: "error",
      message: "unknown declaration `latnet`",
      span: at,
      primaryLabel: "here",
      labels: [{ span: at, message: "there" }],
      notes: ["n"],
      help: "did you mean `latent`?",
      file: "f.vae",
    });
    expect(fillTemplate("a {x} {y}", { x: 1 })).toBe("a 1 {y}");
  });

  it("suggests near keywords only", () => {
    expect(didYouMean("latnet", ["latent", "data"])).toBe("did you mean `latent`?");
    expect(didYouMean("modle", ["model"])).toBe("did you mean `model`?");
    expect(didYouMean("banana", ["latent", "data"])).toBeUndefined();
    expect(didYouMean("bernoulli", ["Bernoulli"])).toBe("did you mean `Bernoulli`?");
  });
});
