import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSource, type ModelIR } from "@vaec/compiler";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderAttackPanelSvg, type PanelRow } from "./attack-panel.js";
import { renderReportHtml, type ReportData } from "./html-report.js";
import { objectiveParts } from "./objectives-section.js";
import { textWidth } from "./svg-text.js";
import { renderTraversalSvg } from "./traversal-panel.js";

/*
 * The report reads like a paper: objectives typeset as MathML (never a monospace block), the
 * held-out evaluation table, labelled traversals, every attacked pair reachable, and panel headers
 * that stay apart at MNIST's 28 px.
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
  });
});

describe("latent traversals", () => {
  it("label the layer, each row's unit and each column's value", () => {
    const image = new Float32Array(28 * 28).fill(0.5);
    const svg = renderTraversalSvg(
      {
        layer: "z2",
        dims: 16,
        units: [3, 0],
        values: [-3, 0, 3],
        images: [
          [image, image, image],
          [image, image, image],
        ],
      },
      [28, 28],
      [0, 1],
    );
    expect(XMLValidator.validate(svg)).toBe(true);
    const texts = textsOf(svg).map((t) => t.text);
    expect(texts[0]).toContain("layer z2 (16 units)");
    expect(texts).toEqual(expect.arrayContaining(["-3", "0", "+3", "z2[3]", "z2[0]"]));
    expect(svg.match(/<image /g)).toHaveLength(6);
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

interface SvgText {
  x: number;
  y: number;
  size: number;
  anchor?: string;
  text: string;
}

function textsOf(svg: string): SvgText[] {
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
  }).parse(svg);
  const texts = [parsed.svg.text].flat() as Array<Record<string, string>>;
  return texts.map((t) => ({
    x: Number(t.x),
    y: Number(t.y),
    size: Number(t["font-size"]),
    anchor: t["text-anchor"],
    text: String(t["#text"]),
  }));
}

describe("attack panel headers", () => {
  const row = (n: number): PanelRow => {
    const image = new Float32Array(n).fill(0.5);
    return {
      label: "pair 12 (345 -> 678)",
      detail: "lambda 2^-3.25, ||d|| 13.14",
      original: image,
      target: image,
      reconstruction: image,
      adversarial: image,
      distortion: image,
      adversarialReconstruction: image,
    };
  };

  it.each([[[28, 28]], [[32, 32]], [[1, 28, 28]], [[64, 64]]])(
    "never overlap one another or the row labels at %j",
    (shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const svg = renderAttackPanelSvg({ title: "T", shape, range: [0, 1], rows: [row(size)] });
      const texts = textsOf(svg);
      // Header lines share a baseline; on each baseline the centred boxes must not touch.
      const headers = texts.filter((t) => t.anchor === "middle");
      const byLine = new Map<number, SvgText[]>();
      for (const t of headers) byLine.set(t.y, [...(byLine.get(t.y) ?? []), t]);
      for (const line of byLine.values()) {
        const boxes = line
          .map((t) => [t.x - textWidth(t.text, t.size) / 2, t.x + textWidth(t.text, t.size) / 2])
          .sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < boxes.length; i++) expect(boxes[i][0]).toBeGreaterThan(boxes[i - 1][1]);
      }
      // The row's label and detail end before the first column's tiles begin.
      const images = [...svg.matchAll(/<image x="([\d.]+)"/g)].map((m) => Number(m[1]));
      const labels = texts.filter((t) => t.anchor === undefined && t.y > 40);
      for (const l of labels)
        expect(l.x + textWidth(l.text, l.size)).toBeLessThan(Math.min(...images));
    },
  );
});
