import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { healthFromMetrics, renderHealthSection } from "./health-section.js";

const latents = [
  { name: "z1", dims: 8 },
  { name: "z2", dims: 4 },
];
const heldOut = (step: number, elbo: number, active2: number, kl2: number) => ({
  kind: "held-out",
  step,
  examples: 100,
  elbo,
  "kl.z1": 20,
  "kl.z2": kl2,
  "active.z1": 6,
  "active.z2": active2,
});

describe("the report's health section", () => {
  const records = [
    { kind: "step", step: 1, loss: 500 },
    heldOut(100, -300, 2, 3),
    heldOut(200, -200, 1, 1),
    heldOut(300, -150, 0, 0.01),
  ];

  it("judges the newest held-out record and the curve like train and eval do", () => {
    const health = healthFromMetrics(records, latents)!;
    expect(health.layers.map((l) => [l.layer, l.active, l.dims, l.collapsed])).toEqual([
      ["z1", 6, 8, false],
      ["z2", 0, 4, true],
    ]);
    expect(health.convergence.converged).toBe(false);
    expect(health.diagnostics.map((d) => d.code)).toEqual(["VAE590", "VAE591"]);
  });

  it("renders a well-formed table with each finding and its help", () => {
    const html = ["<div>", ...renderHealthSection(healthFromMetrics(records, latents)), "</div>"];
    const text = html.join("\n");
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).toContain("<td>z2</td><td>0.010</td><td>0 / 4</td><td>collapsed</td>");
    expect(text).toContain("warning[VAE590]");
    expect(text).toContain("free_bits");
    expect(text).toContain("held-out ELBO still rising at the end");
  });

  it("says so when the run logged no per-layer held-out record (older runs)", () => {
    const older = [{ kind: "held-out", step: 10, examples: 5, elbo: -90 }];
    expect(healthFromMetrics(older, latents)).toBeUndefined();
    expect(renderHealthSection(undefined).join("")).toContain("No held-out evaluation");
  });
});
