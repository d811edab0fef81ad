import { totalmem } from "node:os";
import path from "node:path";
import { compileSource, type AttackSettings, type Diagnostic, type ModelIR } from "@vaec/compiler";
import { attackSettingsDigest } from "../run-store/attack-session.js";
import { runIdentity } from "../run-store/run-identity.js";
import type { StudyPoint } from "./study-point.js";
import { tooManyPoints } from "./study-diagnostics.js";

/*
 * A study's grid: for each spec, the Cartesian product of its `sweep` axes (after `--grid`
 * replaced or added axes), each point compiled with its axis values as `--set` overrides. Points
 * that train the same run (same identity) are one point. The axes of the whole study are the
 * union of the specs' axes; a spec without one contributes its own value (`beta` of a spec that
 * does not sweep it, its `train.seed`), so models line up in the tables.
 */

export interface StudySpec {
  file: string;
  text: string;
}

export interface ExpandOptions {
  /** `--set` overrides for every point. */
  set?: Record<string, string>;
  /** `--grid` axes for every spec, as after `sweep`. */
  grid?: string[];
  /** Parent folder of run directories. */
  out?: string;
  /** Changes to every point's attack settings (`--kinds`, `--pairs`). */
  attack?: (settings: AttackSettings) => AttackSettings;
  /** The most points the study may have (VAE560 beyond). */
  maxPoints?: number;
}

export interface StudyGrid {
  /** Axis keys over the whole study, in first-seen order; `train.seed` always among them. */
  axes: string[];
  points: StudyPoint[];
  /** Each spec's compile warnings once, and every error. */
  diagnostics: Diagnostic[];
}

export const DEFAULT_MAX_POINTS = 2000;
const SEED = "train.seed";

const hasErrorsIn = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.some((d) => d.severity === "error");

export function expandGrid(specs: readonly StudySpec[], options: ExpandOptions = {}): StudyGrid {
  const set = options.set ?? {};
  const diagnostics: Diagnostic[] = [];
  const perSpec: Array<{ spec: StudySpec; ir: ModelIR; sets: Array<Record<string, string>> }> = [];
  const axes: string[] = [];
  for (const spec of specs) {
    const base = compileSource(
      { path: spec.file, text: spec.text },
      { set, grid: options.grid, machineMemory: totalmem() },
    );
    diagnostics.push(...base.diagnostics);
    if (!base.result || hasErrorsIn(base.diagnostics)) continue;
    const ir = base.result.ir;
    for (const axis of ir.sweeps) if (!axes.includes(axis.key)) axes.push(axis.key);
    // Seeds outermost: a study stopped half-way holds whole grids for its first seeds.
    const ordered = [...ir.sweeps].sort((a, b) => Number(b.key === SEED) - Number(a.key === SEED));
    const sets = product(
      ordered.map((a) => a.values.map((v): [string, string] => [a.key, v.text])),
    );
    perSpec.push({ spec, ir, sets });
  }
  if (!axes.includes(SEED)) axes.push(SEED);
  const total = perSpec.reduce((n, s) => n + s.sets.length, 0);
  const max = options.maxPoints ?? DEFAULT_MAX_POINTS;
  if (total > max)
    return { axes, points: [], diagnostics: [...diagnostics, tooManyPoints(total, max)] };
  if (hasErrorsIn(diagnostics)) return { axes, points: [], diagnostics };

  const points: StudyPoint[] = [];
  const seen = new Set<string>();
  for (const { spec, sets } of perSpec) {
    const dataRoot = path.dirname(path.resolve(spec.file));
    for (const values of sets) {
      const pointSet = { ...set, ...values };
      const compiled = compileSource(
        { path: spec.file, text: spec.text },
        { set: pointSet, machineMemory: totalmem() },
      );
      // The spec's warnings were collected once above; a point adds only its own errors.
      const errors = compiled.diagnostics.filter((d) => d.severity === "error");
      diagnostics.push(...errors);
      if (!compiled.result || errors.length > 0) continue;
      const ir = compiled.result.ir;
      const identity = runIdentity(ir, { dataRoot });
      if (seen.has(identity.id)) continue;
      seen.add(identity.id);
      const attack = options.attack ? options.attack(ir.attack) : ir.attack;
      const pointAxes = Object.fromEntries(
        axes.flatMap((key) => {
          const value = axisValue(ir, key, values[key]);
          return value === undefined ? [] : [[key, value]];
        }),
      );
      points.push({
        id: identity.id,
        runDir: path.join(options.out ?? "runs", identity.dirName),
        spec: spec.file,
        specText: spec.text,
        dataRoot,
        set: pointSet,
        axes: pointAxes,
        label: [ir.name, ...Object.entries(pointAxes).map(([k, v]) => `${k}=${v}`)].join(" "),
        ir,
        attack,
        attackDigest: attackSettingsDigest(attack),
      });
    }
  }
  return { axes, points, diagnostics };
}

/** Every combination of the axes' values, as `--set` maps (one empty map for no axes). */
export function product(
  axes: ReadonlyArray<ReadonlyArray<[string, string]>>,
): Array<Record<string, string>> {
  let out: Array<Record<string, string>> = [{}];
  for (const axis of axes)
    out = out.flatMap((partial) => axis.map(([k, v]) => ({ ...partial, [k]: v })));
  return out;
}

/**
 * A point's value on an axis: a param's number, a train setting's number, or the text it was
 * swept with (`mnist`); a spec that neither sweeps nor declares it has none.
 */
export function axisValue(ir: ModelIR, key: string, swept?: string): number | string | undefined {
  if (!key.includes(".")) return ir.params[key];
  const name = key
    .slice(key.indexOf(".") + 1)
    .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const setting = (ir.train as unknown as Record<string, unknown>)[name];
  if (typeof setting === "number") return setting;
  if (name === "data") return dataLabel(ir.train.data);
  return swept;
}

function dataLabel(data: ModelIR["train"]["data"]): string {
  switch (data.kind) {
    case "npy":
      return data.path;
    case "npz":
      return `${data.path}:${data.key}`;
    case "images":
      return data.dir;
    default:
      return data.kind;
  }
}
