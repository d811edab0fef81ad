import { markdownTable } from "./markdown-table.js";
import type { PointRecord } from "./point-record.js";
import { axisHeading, num, recordsOf, type ResultsContext } from "./results-context.js";

/*
 * Did training flatten? docs/results.md's answer in numbers beside the study report's curves: per
 * model and value of the swept axis, the held-out ELBO's gain over the last interval between
 * evaluations, and that gain as a share of the curve's whole rise since its first evaluation
 * (mean over seeds). The notion is VAE591's: a curve whose last interval still adds several
 * percent of its rise is a model compared before it converged.
 */

export interface Flatness {
  /** Nats per image gained over the last interval. */
  gain: number;
  /** That gain over the rise from the first evaluation to the last (NaN without a rise). */
  share: number;
  from: number;
  to: number;
}

/** A record's last-interval gain; null with fewer than two evaluations. */
export function flatness(record: PointRecord): Flatness | null {
  const curve = record.heldOutCurve ?? [];
  if (curve.length < 2) return null;
  const [first, previous, last] = [curve[0], curve.at(-2)!, curve.at(-1)!];
  const rise = last.elbo - first.elbo;
  return {
    gain: last.elbo - previous.elbo,
    share: rise > 0 ? (last.elbo - previous.elbo) / rise : NaN,
    from: previous.step,
    to: last.step,
  };
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

function cellText(records: readonly PointRecord[]): string {
  const values = records.map(flatness).filter((f): f is Flatness => f !== null);
  if (values.length === 0) return "";
  const gain = mean(values.map((f) => f.gain));
  const shares = values.map((f) => f.share).filter(Number.isFinite);
  const share = shares.length > 0 ? ` (${(mean(shares) * 100).toFixed(0)}%)` : "";
  return `${gain >= 0 ? "+" : ""}${num(gain)}${share}`;
}

/** Model-by-axis-value table of the last interval's gain; null without curves. */
export function flatnessTable(ctx: ResultsContext): string | null {
  const rows = ctx.variants.map((v) => [
    v.label,
    ...ctx.values.map((x) => cellText(recordsOf(ctx, v, x))),
  ]);
  if (rows.every((r) => r.slice(1).every((x) => x === ""))) return null;
  return markdownTable(["model", ...ctx.values.map((x) => axisHeading(ctx.axis, x))], rows);
}
