import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSource, type ModelIR } from "@vaec/compiler";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderReportHtml, type ReportData } from "./html-report.js";
import { objectiveParts } from "./objectives-section.js";

/*
 * The report reads like a paper: objectives typeset as MathML (never a monospace block), the
 * held-out evaluation table and every attacked pair reachable. The panels themselves (labelled
 * traversals, attack panel headers that stay apart at MNIST's 28 px) are tested in figures/.
 */

const root = join(import.meta.dirname, "../../../..");

function seatbelt(): ModelIR {
  const path = join(root, "examples/seatbelt.vae");
  const compiled = compileSource({ path, text: readFileSync(path, "utf8") });
  return compiled.result!.ir;
}

const base: ReportData = {
  model: { name: "Seatbelt", family: "Seatbelt-VAE", reason: "r", paramCount: 1, hash: "0123" },
  specFile: "s.vae",
  specText: "model Seatbelt { }",
  objectivesText: "plain",
  figures: [],
  generatedAt: "2026-01-01T00:00:00Z",
};

describe("derived objectives", () => {
  const parts = objectiveParts(seatbelt())!;

  it("come from the compiler: p, q, the training objective and each attack", () => {
    expect(parts.map((p) => p.title)).toEqual([
      "Generative model p",
      "Inference model q",
      "Training objective (maximised)",
      "Latent attack, KL (Tabacof et al., 2016; Gondim-Ribeiro et al., 2018)",
      "Latent attack, 2-Wasserstein",
      "Output attack (Kos et al., 2018)",
    ]);
    expect(parts[2].equation).toContain("\\mathcal{L}");
  });

  it("are typeset as MathML, every term too, with no error and no <pre>", () => {
    const html = renderReportHtml({ ...base, objectives: parts });
    expect(XMLValidator.validate(html)).toBe(true);
    const section = html.slice(
      html.indexOf('<h2 id="objectives">'),
      html.indexOf('<h2 id="training">'),
    );
    expect(section).not.toContain("<pre>");
    const terms = parts.reduce((n, p) => n + p.terms.length, 0);
    expect(section.match(/<math /g)!.length).toBeGreaterThan(terms + parts.length);
    expect(section).not.toContain("merror");
    expect(section).not.toContain("\\mathbf");
  });
});

describe("the evaluation table", () => {
  it("shows ELBO, IWAE, per-layer KL and active units", () => {
    const html = renderReportHtml({
      ...base,
      evaluation: {
        step: 300,
        examples: 256,
        heldOut: 1000,
        elbo: -91.25,
        iwae: -88.5,
        iwSamples: 64,
        logLik: -70,
        reconstructionError: 12,
        layers: [
          { name: "z1", dims: 32, kl: 15.5, active: 11 },
          { name: "z2", dims: 16, kl: 5.75, active: 3 },
        ],
      },
    });
    expect(XMLValidator.validate(html)).toBe(true);
    expect(html).toContain("step 300 on 256 of the 1000 held-out examples");
    expect(html).toContain("<tr><td>ELBO</td><td>-91.250</td></tr>");
    expect(html).toContain("<tr><td>IWAE bound (K = 64)</td><td>-88.500</td></tr>");
    expect(html).toContain("<tr><td>z2</td><td>5.750</td><td>3 / 16</td></tr>");
    expect(html).not.toContain("shape shown by the reconstruction");
  });

  it("on sprites, shows which shapes the reconstructions show and how many are blobs", () => {
    const layers = [{ name: "z", dims: 10, kl: 20, active: 8 }];
    const shapes = {
      examples: 30,
      blobs: 9,
      accuracy: 0.6,
      balancedAccuracy: 0.6,
      perShape: {
        square: { examples: 10, correct: 1 },
        ellipse: { examples: 10, correct: 9 },
        heart: { examples: 10, correct: 8 },
      },
    };
    const evaluation = { step: 1, examples: 30, heldOut: 30, elbo: -1, iwae: -1, iwSamples: 1 };
    const html = renderReportHtml({
      ...base,
      evaluation: { ...evaluation, logLik: -1, reconstructionError: 1, layers, shapes },
    });
    expect(XMLValidator.validate(html)).toBe(true);
    expect(html).toContain("of 30 sprites; 9 drawn as round blobs");
    expect(html).toContain("<td>10%</td><td>90%</td><td>80%</td><td>60%</td>");
    expect(html).toContain("The squares are drawn below chance, mostly as round blobs");
    const drawn = {
      ...shapes,
      perShape: { ...shapes.perShape, square: { examples: 10, correct: 4 } },
    };
    const all = renderReportHtml({
      ...base,
      evaluation: { ...evaluation, logLik: -1, reconstructionError: 1, layers, shapes: drawn },
    });
    expect(all).not.toContain("below chance");
  });
});

describe("attacked pairs", () => {
  it("are all in the report: the first panel shown, the rest behind <details>", () => {
    const html = renderReportHtml({
      ...base,
      attack: {
        results: {
          settings: {
            pairs: 10,
            seed: 0,
            lambdas: [0],
            samples: 1,
            path: "mean",
            layers: ["z"],
            optimizer: { kind: "lbfgsb", steps: 1, memory: 5 },
          },
          heldOut: 100,
          attacks: [{ kind: "kl", seconds: 1, summary: {}, pairs: [] }],
        } as unknown as NonNullable<ReportData["attack"]>["results"],
        panels: [
          {
            kind: "kl",
            title: "first",
            svg: "<svg/>",
            rest: { svg: "<svg/>", title: "rest", count: 6 },
          },
        ],
        plots: [],
      },
    });
    expect(XMLValidator.validate(html)).toBe(true);
    expect(html).toMatch(/<details>\s*<summary>the other 6 attacked pairs<\/summary>\s*<figure>/);
  });
});
