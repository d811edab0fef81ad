import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import plugin from "./plugin.js";

describe("syntax errors", () => {
  it("are thrown with their code, message and position, for prettier to show", async () => {
    const text = "model M {\n  latent z : 4\n  p(z = Normal(0, 1)\n}\n";
    const error = await prettier
      .format(text, { parser: "vae", plugins: [plugin], filepath: "bad.vae" })
      .then(() => undefined)
      .catch(
        (caught: unknown) =>
          caught as Error & { loc?: { start: { line: number; column: number } } },
      );
    expect(error).toBeInstanceOf(SyntaxError);
    expect(error?.message).toMatch(/^error\[VAE0\d\d\]: expected `\)`/);
    expect(error?.message).toContain("(3:7)");
    expect(error?.loc?.start).toEqual({ line: 3, column: 7 });
  });

  it("leave a spec with several errors unformatted and say how many more there are", async () => {
    const text = "param a = \nparam b = )\nmodel {\n";
    await expect(prettier.format(text, { parser: "vae", plugins: [plugin] })).rejects.toThrow(
      /more syntax errors/,
    );
  });
});
