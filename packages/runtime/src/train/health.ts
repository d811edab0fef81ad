import type { Diagnostic } from "@vaec/compiler";
import type { HeldOutPoint } from "./early-stop.js";
import {
  nonFiniteEvaluation,
  nonFiniteWeights,
  notConverged,
  posteriorCollapse,
} from "./health-diagnostics.js";

/*
 * Health checks of a trained model, as pure functions of what the evaluation and the held-out
 * curve measured, so `vaec train`, `vaec eval` and the report all judge the same way:
 *   - posterior collapse: a latent layer with no active unit (Cov_x E_q[z_k] > 0.01, as in
 *     `evaluateModel`) or a KL below COLLAPSED_KL nats per image;
 *   - convergence: the held-out ELBO still rising over the curve's last interval;
 *   - NaN or infinity in an evaluated quantity or a weight: an error.
 */

/** A layer with a mean KL below this (nats per image) carries no information about x. */
export const COLLAPSED_KL = 0.05;
/**
 * The held-out ELBO counts as still rising when, at the pace of its last interval, a tenth of
 * the training steps would add more than this share of its rise since the first evaluation,
 * and more than RISING_NATS per image.
 */
export const RISING_SHARE = 0.02;
export const RISING_NATS = 0.1;

export interface LayerHealth {
  layer: string;
  kl: number;
  active: number;
  dims: number;
  collapsed: boolean;
}

export interface Convergence {
  /** Held-out evaluations the verdict is based on. */
  points: number;
  /** null when the curve has fewer than three points. */
  converged: boolean | null;
  /** The last interval: its steps, the ELBO's rise over it, and that pace as a share (above). */
  last?: { from: number; to: number; gain: number; share: number };
}

export interface HealthReport {
  layers: LayerHealth[];
  convergence: Convergence;
  diagnostics: Diagnostic[];
}

export interface LayerMeasurements {
  kl: Record<string, number>;
  activeUnits: Record<string, { active: number; dims: number }>;
}

export function checkCollapse(m: LayerMeasurements): {
  layers: LayerHealth[];
  diagnostics: Diagnostic[];
} {
  const layers = Object.entries(m.activeUnits).map(([layer, units]) => {
    const kl = m.kl[layer] ?? 0;
    const collapsed = units.active === 0 || kl < COLLAPSED_KL;
    return { layer, kl, active: units.active, dims: units.dims, collapsed };
  });
  return {
    layers,
    diagnostics: layers
      .filter((l) => l.collapsed)
      .map((l) => posteriorCollapse(l.layer, l.kl, l.active, l.dims)),
  };
}

export function checkConvergence(curve: readonly HeldOutPoint[]): {
  convergence: Convergence;
  diagnostics: Diagnostic[];
} {
  const points = [...curve].sort((a, b) => a.step - b.step);
  if (points.length < 3)
    return { convergence: { points: points.length, converged: null }, diagnostics: [] };
  const first = points[0];
  const [prev, last] = points.slice(-2);
  const rise = last.elbo - first.elbo;
  const gain = last.elbo - prev.elbo;
  // The pace per tenth of training, so the verdict does not depend on how often the curve was
  // evaluated (and a short final interval is not mistaken for a flat one).
  const scaled = (gain * (last.step / 10)) / Math.max(1, last.step - prev.step);
  const share = rise > 0 ? scaled / rise : 0;
  const rising = rise > 0 && share > RISING_SHARE && scaled > RISING_NATS;
  return {
    convergence: {
      points: points.length,
      converged: !rising,
      last: { from: prev.step, to: last.step, gain, share },
    },
    diagnostics: rising
      ? [notConverged(gain, share, { first: first.step, from: prev.step, to: last.step })]
      : [],
  };
}

/** The evaluated quantities that are NaN or infinite, by name (`elbo`, `kl.z1`, ...). */
export function nonFiniteQuantities(report: {
  elbo: number;
  iwae?: number;
  logLik?: number;
  kl: Record<string, number>;
}): string[] {
  const named: Array<[string, number | undefined]> = [
    ["elbo", report.elbo],
    ["iwae", report.iwae],
    ["loglik", report.logLik],
    ...Object.entries(report.kl).map(([k, v]): [string, number] => [`kl.${k}`, v]),
  ];
  return named.filter(([, v]) => v !== undefined && !Number.isFinite(v)).map(([name]) => name);
}

export function checkFiniteEvaluation(
  report: Parameters<typeof nonFiniteQuantities>[0],
  step: number,
): Diagnostic[] {
  const bad = nonFiniteQuantities(report);
  return bad.length > 0 ? [nonFiniteEvaluation(bad, step)] : [];
}

/** Checks stored tensors (a checkpoint's values, by name) for NaN or infinity. */
export function checkFiniteWeights(
  values: ReadonlyMap<string, ArrayLike<number>>,
  step: number,
): Diagnostic[] {
  const bad: string[] = [];
  for (const [name, array] of values) {
    for (let i = 0; i < array.length; i++) {
      if (!Number.isFinite(array[i])) {
        bad.push(name);
        break;
      }
    }
  }
  return bad.length > 0 ? [nonFiniteWeights(bad, step)] : [];
}

/** Every check that needs no weights: collapse from the last evaluation, convergence from the curve. */
export function assessHealth(
  last: LayerMeasurements,
  curve: readonly HeldOutPoint[],
): HealthReport {
  const collapse = checkCollapse(last);
  const converged = checkConvergence(curve);
  return {
    layers: collapse.layers,
    convergence: converged.convergence,
    diagnostics: [...collapse.diagnostics, ...converged.diagnostics],
  };
}

/** The verdict in a few words per line, for `vaec eval` and `vaec train` (the report has a table). */
export function describeHealth(health: HealthReport): string[] {
  const collapsed = health.layers.filter((l) => l.collapsed).map((l) => `\`${l.layer}\``);
  const c = health.convergence;
  const curve =
    c.converged === null
      ? `too few held-out evaluations (${c.points}) to judge convergence`
      : c.converged
        ? `held-out ELBO flat at the end (${c.points} evaluations)`
        : `held-out ELBO still rising at the end (+${c.last!.gain.toFixed(2)} nats/image over steps ${c.last!.from}-${c.last!.to})`;
  return [
    collapsed.length > 0 ? `collapsed layers: ${collapsed.join(", ")}` : "no collapsed layer",
    curve,
  ];
}
