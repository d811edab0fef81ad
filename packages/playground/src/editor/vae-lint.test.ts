import fs from "node:fs";
import { Text } from "@codemirror/state";
import { compileSource } from "@vaec/compiler";
import { describe, expect, it } from "vitest";
import { explanationOf } from "./diagnostic-tooltip.js";
import { toLintDiagnostic } from "./vae-lint.js";

/*
 * The editor's side of a diagnostic: the compiler's span becomes the underlined range, the code
 * leads the message, and the hover's explanation is the docs page's own paragraph.
 */

const TYPO = `model M {
  data   x : binary[16, 16]
  latent z : 4
  p(z)     = Normal(0, 1)
  p(x | z) = Bernouli(mlp[64])
  q(z | x) = Normal(mlp[64])
}
`;

function diagnosticsOf(text: string) {
  return compileSource({ path: "m.vae", text }).diagnostics;
}

function typoDiagnostic() {
  const found = diagnosticsOf(TYPO).find((d) => d.message.includes("Bernouli"));
  if (!found) throw new Error("the compiler no longer reports the typo");
  return found;
}

describe("diagnostics in the editor", () => {
  it("underlines the misspelt name and leads with the code and its help", () => {
    const d = typoDiagnostic();
    const lint = toLintDiagnostic(d, Text.of(TYPO.split("\n")));
    expect(TYPO.slice(lint.from, lint.to)).toBe("Bernouli");
    expect(lint.severity).toBe("error");
    expect(lint.message).toMatch(/^VAE\d{3}: .*Bernouli/);
    expect(lint.message).toContain("help: did you mean `Bernoulli`");
  });

  it("gives an empty span at the end of the text a character to underline", () => {
    const text = "model M {";
    const [d] = diagnosticsOf(text);
    const lint = toLintDiagnostic(d, Text.of([text]));
    expect(lint.to).toBeGreaterThan(lint.from);
    expect(lint.to).toBeLessThanOrEqual(text.length);
  });

  it("reads the explanation paragraph of a diagnostic's docs page", () => {
    const d = typoDiagnostic();
    const page = fs.readFileSync(
      new URL(`../../../../docs/diagnostics/${d.code}.md`, import.meta.url),
      "utf8",
    );
    const explanation = explanationOf(page);
    expect(explanation).toBeTruthy();
    expect(page).toContain(explanation!);
    expect(explanation).not.toMatch(/^#/);
    expect(explanationOf("# VAE999: nothing\n\nno sections")).toBeUndefined();
  });
});
