/*
 * AUDDC: the area under the distortion-distance curve of one attacked pair (Gondim-Ribeiro,
 * Tabacof and Valle 2018, whose lambda-grid protocol vaec's attacks follow), over the whole kept
 * lambda curve. Exactly (docs/attacks.md, "AUDDC"):
 *
 *   u_l = ||d_l|| / ||x_t - x||              distortion, as a fraction of the trivial attack
 *                                            (replacing the source by the target)
 *   v_l = ||g(x + d_l) - x_t|| / ||g(x) - x_t||   distance of the adversarial reconstruction to the
 *                                            target, as a fraction of the clean reconstruction's
 *
 * with g the mean-path reconstruction. The points (u_l, v_l) of every lambda, plus (0, 1) for no
 * attack, sorted by u; v replaced by its running minimum (the closest to the target that some
 * attack on the grid reached with at most that distortion); the area under that polyline over
 * u in [0, 1] by the trapezoid rule, cut at u = 1 by linear interpolation and held flat after the
 * largest u when that is below 1. The result lies in [0, 1]: 1 when no attack gets the
 * reconstruction closer to the target than the clean one, 0 when a free attack reaches it.
 * Larger is more robust.
 */

export interface CurvePoint {
  /** ||d||. */
  distortion: number;
  /** ||g(x + d) - x_t||. */
  l2ToTarget: number;
}

/**
 * The pair's AUDDC, or null when it is undefined: source and target identical (no distortion
 * scale), the clean reconstruction already equal to the target, or a non-finite value.
 */
export function auddc(
  curve: readonly CurvePoint[],
  cleanL2ToTarget: number,
  sourceTargetDistance: number,
): number | null {
  if (!(sourceTargetDistance > 0) || !(cleanL2ToTarget > 0)) return null;
  const points = curve.map((p) => ({
    u: p.distortion / sourceTargetDistance,
    v: p.l2ToTarget / cleanL2ToTarget,
  }));
  if (points.some((p) => !Number.isFinite(p.u) || !Number.isFinite(p.v))) return null;
  points.push({ u: 0, v: 1 });
  // Ties in u keep the smaller v first, so the envelope never rises at a repeated u.
  points.sort((a, b) => a.u - b.u || a.v - b.v);
  let best = Infinity;
  const envelope = points.map((p) => ({ u: p.u, v: (best = Math.min(best, p.v)) }));
  return areaToOne(envelope);
}

/** Trapezoid area under a polyline sorted by u, over [0, 1], held flat past its last point. */
function areaToOne(points: readonly { u: number; v: number }[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a.u >= 1) return area;
    if (b.u > 1) {
      const vAtOne = a.v + ((b.v - a.v) * (1 - a.u)) / (b.u - a.u);
      return area + ((1 - a.u) * (a.v + vAtOne)) / 2;
    }
    area += ((b.u - a.u) * (a.v + b.v)) / 2;
  }
  const last = points[points.length - 1];
  return area + Math.max(0, 1 - last.u) * last.v;
}
