import { describe, expect, it } from "vitest";
import { format } from "prettier";
import { recordFixture as record } from "../../test-support/record-fixture.js";
import { resultsMarkdown } from "./results-tables.js";
import { studyCells } from "./study-table.js";
import { withCi } from "./results-context.js";
import { modelRoles } from "./model-roles.js";

/* A four-model study where the Seatbelts' Delta is clearly above the beta-TCVAE's. */
const MODELS = [
  {
    spec: "d/tcdlgm.vae",
    model: "Tcdlgm",
    families: ["hierarchical VAE", "beta-TCDLGM"],
    layers: 2,
    base: 12,
  },
  {
    spec: "d/seatbelt-l4.vae",
    model: "SeatbeltL4",
    families: ["hierarchical VAE", "Seatbelt-VAE"],
    layers: 4,
    base: 30,
  },
  {
    spec: "d/beta-tcvae.vae",
    model: "BetaTcVae",
    families: ["VAE", "beta-TCVAE"],
    layers: 1,
    base: 5,
  },
  {
    spec: "d/seatbelt-l2.vae",
    model: "SeatbeltL2",
    families: ["hierarchical VAE", "Seatbelt-VAE"],
    layers: 2,
    base: 20,
  },
];

const records = MODELS.flatMap((m) =>
  [1, 8].flatMap((beta, b) =>
    [1, 2, 3].map((seed) =>
      record({
        spec: m.spec,
        model: m.model,
        family: m.families[b],
        beta,
        seed,
        elbo: -100 - m.layers - beta * (m.layers === 1 ? 2 : 1) + seed * 0.3,
        deltas: [m.base + beta + seed * 0.4, m.base + beta + 1 - seed * 0.2],
        logLikelihoods: [-50 - m.base, -52 - m.base + seed],
        latentDims: 10 * m.layers,
        eval: Object.fromEntries(
          Array.from({ length: m.layers }, (_, i) => [
            [`kl.z${i + 1}`, 1],
            [`active.z${i + 1}`, 3 + ((seed + i) % 2)],
          ]).flat(),
        ),
        status: [
          ["converged-pgtol", 30],
          ["max-iterations", 100],
        ],
        kinds: ["kl", "output"],
      }),
    ),
  ),
);

describe("results tables", () => {
  it("finds the models' parts from their families and depths", () => {
    const roles = modelRoles(records);
    expect(roles.baseline?.model).toBe("BetaTcVae");
    expect(roles.seatbelt.map((s) => [s.model, s.layers])).toEqual([
      ["SeatbeltL2", 2],
      ["SeatbeltL4", 4],
    ]);
    expect(roles.tcdlgm?.model).toBe("Tcdlgm");
    // At beta = 1 alone the families cannot tell them apart: names can.
    const atOne = records.filter((r) => r.axes.beta === 1);
    expect(modelRoles(atOne).seatbelt).toEqual([]);
    const named = modelRoles(atOne, {
      baseline: "BetaTcVae",
      seatbelt: ["seatbelt-l4.vae", "d/seatbelt-l2.vae"],
      tcdlgm: "Tcdlgm",
    });
    expect(named.seatbelt.map((s) => s.model)).toEqual(["SeatbeltL2", "SeatbeltL4"]);
    expect(named.baseline?.model).toBe("BetaTcVae");
  });

  it("prints every table with the cells' own numbers, rows in the claims' order", async () => {
    const md = resultsMarkdown(records);
    expect(md.startsWith("## sprites\n")).toBe(true);
    const elbo = studyCells(records).find(
      (c) => c.spec === "d/seatbelt-l4.vae" && c.axes.beta === 8 && c.metric === "elbo",
    )!;
    expect(md).toContain(`| SeatbeltL4 | `);
    expect(md).toContain(withCi(elbo.estimate));
    const order = ["| BetaTcVae ", "| SeatbeltL2 ", "| SeatbeltL4 ", "| Tcdlgm "].map((m) =>
      md.indexOf(m),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const heading of [
      "### Held-out ELBO",
      "### latent KL attack",
      "### output attack",
      "### Seatbelt minus β-TCVAE at matched β and seed",
      "### Claims",
      "#### Robustness grows with β",
      "#### Robustness grows with L",
      "#### Seatbelt's ELBO degrades more slowly with β",
      "#### β-TCDLGM gains nothing over Seatbelt",
      "**Active units per layer (mean over seeds)**",
      "**Attack convergence",
    ])
      expect(md).toContain(heading);
    // Per latent dimension for the latent attack only: the output attack is size-free.
    expect(md.match(/\*\*Δ per latent dimension/g)).toHaveLength(1);
    expect(md).toMatch(/SeatbeltL2 - BetaTcVae at β = 1 \| kl +\| Δ +\| [^|]+\| 3 of 3 +\| holds/);
    expect(md).toContain("50% converged, 50% at cap; 65.0 it.");
    expect(resultsMarkdown(records)).toBe(md);
    expect(await format(md, { parser: "markdown" })).toBe(md);
  });

  it("prints one column for a study without a swept axis", () => {
    const single = records
      .filter((r) => r.axes.beta === 8)
      .map((r) => ({ ...r, axes: { "train.seed": r.seed } }));
    const md = resultsMarkdown(single);
    expect(md).toContain("| model      | all points ");
    const elbo = studyCells(single).find((c) => c.model === "Tcdlgm" && c.metric === "elbo")!;
    expect(md).toContain(`| Tcdlgm     | ${withCi(elbo.estimate)}`);
    expect(md).toContain("### Seatbelt minus β-TCVAE at matched seed\n");
    expect(md).toContain("#### Robustness grows with L");
    expect(md).not.toContain("#### Robustness grows with β");
  });

  it("prints nothing without records", () => {
    expect(resultsMarkdown([])).toBe("");
  });
});
