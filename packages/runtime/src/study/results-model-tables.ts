import { estimate, seedFromText } from "./statistics.js";
import { seedGroups } from "./study-table.js";
import { attackConvergence } from "./attack-convergence.js";
import { markdownTable, markdownText } from "./markdown-table.js";
import {
  axesKey,
  axisHeading,
  cellAxes,
  cellOf,
  recordsOf,
  withCi,
  type AxisValue,
  type ResultsContext,
  type Variant,
} from "./results-context.js";

/*
 * The results' tables of one data set with a row per model and a column per value of the swept
 * axis: a metric's cells with their 95% CIs, each attack's Delta, Delta per latent dimension and
 * log p(x_t | z*), active units per layer, the attacks' convergence, and the further metrics.
 */

const KIND_NAMES: Record<string, string> = {
  kl: "latent KL attack",
  w2: "latent W2 attack",
  output: "output attack",
};
export const kindName = (kind: string) => KIND_NAMES[kind] ?? `${kind} attack`;

/** A model-by-axis-value table of one metric's cells; null when no cell has a value. */
export function modelTable(
  ctx: ResultsContext,
  attack: string | null,
  metric: string,
): string | null {
  const rows = ctx.variants.map((v) => [
    v.label,
    ...ctx.values.map((x) => {
      const c = cellOf(ctx, v, x, attack, metric);
      return c ? withCi(c.estimate) : "";
    }),
  ]);
  if (rows.every((r) => r.slice(1).every((x) => x === ""))) return null;
  return markdownTable(["model", ...ctx.values.map((x) => axisHeading(ctx.axis, x))], rows);
}

/** A titled table, or nothing when the study has no values for it. */
export const titled = (title: string, table: string | null): string[] =>
  table === null ? [] : [`**${markdownText(title)}**`, "", table, ""];

export function attackTables(ctx: ResultsContext): string[] {
  return ctx.kinds.flatMap((kind) => [
    `### ${kindName(kind)}`,
    "",
    ...titled(
      "Δ without the λ‖d‖ term at each pair's chosen λ (higher: more robust)",
      modelTable(ctx, kind, "deltaWithoutLambda"),
    ),
    ...(kind === "output"
      ? []
      : titled(
          "Δ per latent dimension (higher: more robust; a latent Δ grows with the latent size, so this and the output attack compare models of different sizes)",
          modelTable(ctx, kind, "deltaWithoutLambdaPerDim"),
        )),
    ...titled(
      "Δ₀, the same divergence between the source's and the target's encodings before any attack (the scale Δ is measured on)",
      modelTable(ctx, kind, "baselineDelta"),
    ),
    ...titled(
      "Δ / Δ₀, the share of the unattacked divergence the attack left (higher: more robust; free of the divergence's scale, which shrinks as β widens the posteriors)",
      modelTable(ctx, kind, "relativeDelta"),
    ),
    ...titled(
      "log p(x_t | z*) (lower: the attack failed to produce the target; more robust)",
      modelTable(ctx, kind, "logLikelihoodTarget"),
    ),
  ]);
}

const count = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** (v) Active units per layer: the mean over seeds with its interval (seeds resampled). */
export function activeUnitsTable(ctx: ResultsContext): string | null {
  const rows: string[][] = [];
  for (const v of ctx.variants) {
    const layers = [
      ...new Set(
        ctx.records
          .filter((r) => r.spec === v.spec)
          .flatMap((r) => Object.keys(r.eval).filter((k) => k.startsWith("active."))),
      ),
    ];
    for (const key of layers)
      rows.push([
        v.label,
        key.slice("active.".length),
        ...ctx.values.map((x) => {
          const groups = seedGroups(recordsOf(ctx, v, x), null, key);
          const seed = seedFromText(`${v.spec}|${axesKey(v.others)}|${x}|${key}`, ctx.seed);
          const e = estimate(groups, { seed });
          if (!Number.isFinite(e.mean)) return "";
          return e.lo === e.hi
            ? count(e.mean)
            : `${count(e.mean)} [${count(e.lo)}, ${count(e.hi)}]`;
        }),
      ]);
  }
  if (rows.length === 0) return null;
  return markdownTable(
    ["model", "layer", ...ctx.values.map((x) => axisHeading(ctx.axis, x))],
    rows,
  );
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/** (vi) The attacks' end states at the chosen lambda. */
export function convergenceTable(ctx: ResultsContext): string | null {
  const all = attackConvergence(ctx.records);
  const rows: string[][] = [];
  const find = (v: Variant, x: AxisValue, kind: string) =>
    all.find(
      (r) =>
        r.spec === v.spec &&
        r.attack === kind &&
        axesKey(r.axes) === axesKey(cellAxes(ctx, v.others, x)),
    );
  for (const v of ctx.variants)
    for (const kind of ctx.kinds)
      rows.push([
        v.label,
        kind,
        ...ctx.values.map((x) => {
          const r = find(v, x, kind);
          if (!r) return "";
          const other = [
            r.lineSearch > 0 ? `, ${percent(r.lineSearch, r.pairs)} line search failed` : "",
            r.other > 0 ? `, ${percent(r.other, r.pairs)} other` : "",
          ].join("");
          return `${percent(r.converged, r.pairs)} converged, ${percent(r.capped, r.pairs)} at cap${other}; ${r.meanIterations.toFixed(1)} it.`;
        }),
      ]);
  if (rows.every((r) => r.slice(2).every((x) => x === ""))) return null;
  return markdownTable(
    ["model", "attack", ...ctx.values.map((x) => axisHeading(ctx.axis, x))],
    rows,
  );
}

/** (vii) AUDDC and downstream success per attack, the margin bound and MIG per model. */
export function furtherTables(ctx: ResultsContext): string[] {
  return [
    ...ctx.kinds.flatMap((kind) => [
      ...titled(
        `${kindName(kind)}: AUDDC, the area under the distortion-distance curve (higher: more robust)`,
        modelTable(ctx, kind, "auddc"),
      ),
      ...titled(
        `${kindName(kind)}: downstream success, the adversarial reconstruction classified as the target (lower: more robust)`,
        modelTable(ctx, kind, "downstreamSuccess"),
      ),
    ]),
    ...titled(
      "Robustness margin bound, mean over held-out examples (higher: more robust)",
      modelTable(ctx, null, "margin"),
    ),
    ...titled("MIG (higher: more disentangled)", modelTable(ctx, null, "mig")),
  ];
}
