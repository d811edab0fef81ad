/*
 * The Mutual Information Gap (Chen, Li, Grosse and Duvenaud 2018) with the estimator of
 * disentanglement_lib (Locatello et al. 2019), on codes and known discrete factors:
 *
 *   MIG = 1/K sum_k ( I(z_{j(k)}; v_k) - max_{j != j(k)} I(z_j; v_k) ) / H(v_k),
 *   j(k) = argmax_j I(z_j; v_k)
 *
 * - z_j: code dimension j, here the posterior mean of each example (docs/objectives.md says which
 *   layers), discretised into `bins` equal-width bins between its smallest and largest value;
 * - I and H: plug-in estimates from the empirical joint histogram of the n examples, in nats;
 * - factors with a single value (H = 0, e.g. sprites' colour) are left out of the mean.
 *
 * A pure function of plain arrays, so the estimator is tested on codes whose mutual information
 * with the factors is known exactly.
 */

export interface MigFactor {
  name: string;
  /** H(v_k), nats. */
  entropy: number;
  /** I(z_j; v_k) for every code dimension j, nats. */
  information: number[];
  /** The dimension that carries the most information about the factor. */
  best: number;
  /** (largest - second largest information) / entropy. */
  gap: number;
}

export interface MigResult {
  /** Mean normalised gap over the factors that vary; null when none does. */
  mig: number | null;
  factors: MigFactor[];
  examples: number;
  bins: number;
}

export interface MigInput {
  /** n x m codes, row-major. */
  codes: ArrayLike<number>;
  dims: number;
  /** n x K factor classes (whole numbers >= 0), row-major. */
  factors: ArrayLike<number>;
  factorNames: readonly string[];
  /** Histogram bins per code dimension (default 20, disentanglement_lib's). */
  bins?: number;
}

export function mutualInformationGap(input: MigInput): MigResult {
  const { codes, dims, factors, factorNames } = input;
  const bins = input.bins ?? 20;
  const count = factorNames.length;
  const n = dims > 0 ? codes.length / dims : 0;
  if (!Number.isInteger(n) || factors.length !== n * count) {
    throw new Error(`mig: ${codes.length} code values and ${factors.length} factor values`);
  }
  const discrete = Array.from({ length: dims }, (_, j) => discretise(codes, dims, j, bins));
  const results: MigFactor[] = [];
  for (let k = 0; k < count; k++) {
    const classes = Int32Array.from({ length: n }, (_, i) => factors[i * count + k]);
    const entropy = entropyOf(classes);
    if (!(entropy > 1e-12)) continue;
    const information = discrete.map((z) => mutualInformation(z, classes));
    const order = information.map((v, j) => [v, j]).sort((a, b) => b[0] - a[0]);
    const [first, second] = [order[0]?.[0] ?? 0, order[1]?.[0] ?? 0];
    results.push({
      name: factorNames[k],
      entropy,
      information,
      best: order[0]?.[1] ?? -1,
      gap: (first - second) / entropy,
    });
  }
  const mig = results.length > 0 ? results.reduce((s, f) => s + f.gap, 0) / results.length : null;
  return { mig, factors: results, examples: n, bins };
}

/** Column j as bin indices 0..bins-1 of equal width over [min, max] (one bin if constant). */
function discretise(codes: ArrayLike<number>, dims: number, j: number, bins: number): Int32Array {
  const n = codes.length / dims;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = codes[i * dims + j];
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const width = (hi - lo) / bins;
  return Int32Array.from({ length: n }, (_, i) =>
    width > 0 ? Math.min(bins - 1, Math.floor((codes[i * dims + j] - lo) / width)) : 0,
  );
}

function counts(values: Int32Array): Map<number, number> {
  const map = new Map<number, number>();
  for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
  return map;
}

function entropyOf(values: Int32Array): number {
  const n = values.length;
  let h = 0;
  for (const c of counts(values).values()) h -= (c / n) * Math.log(c / n);
  return h;
}

/** Plug-in I(a; b) = sum p(a, b) log(p(a, b) / (p(a) p(b))), nats. */
export function mutualInformation(a: Int32Array, b: Int32Array): number {
  const n = a.length;
  const joint = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  const pa = counts(a);
  const pb = counts(b);
  let info = 0;
  for (const [key, c] of joint) {
    const [x, y] = key.split(",").map(Number);
    info += (c / n) * Math.log((c * n) / (pa.get(x)! * pb.get(y)!));
  }
  return Math.max(0, info);
}
