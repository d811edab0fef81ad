import type { GridDecl } from "./read-grid-axes.js";
import type {
  AttackBlock,
  DataDecl,
  FactorDecl,
  LatentDecl,
  ModelDecl,
  ParamDecl,
  PenaltyDecl,
  Program,
  Setting,
  SweepDecl,
  TrainBlock,
} from "@vaec/dsl";
import type { Reporter } from "../diagnostics/report.js";
import type { NetworkValue } from "./evaluate-expressions.js";
import type {
  AttackSettings,
  DataVariable,
  FactorDistribution,
  Latent,
  Network,
  Penalty,
  Sweep,
  TrainSettings,
} from "../ir.js";

/**
 * What the passes learn about one spec, filled in pass by pass: declarations first (by
 * resolve-names), then resolved pieces of the IR as each check validates them. A pass reads what
 * earlier passes resolved and reports through `reporter`; lowering only assembles the pieces.
 */
export interface CheckContext {
  file: string;
  program: Program;
  reporter: Reporter;
  /** `--set name=value` overrides, as typed. */
  set: Record<string, string>;
  /** Settings parsed from `--set train.x=...` / `--set attack.x=...`, by block. */
  setSettings: { train: Setting[]; attack: Setting[] };

  model?: ModelDecl;
  paramDecls: Map<string, ParamDecl>;
  /** Evaluated params (after `--set`). */
  params: Map<string, number>;
  data?: DataDecl;
  latentDecls: LatentDecl[];
  /** Factors whose target and parents are all declared variables. */
  factors: FactorDecl[];
  /**
   * `p:x` / `q:z1` for factors dropped after an error of their own, so that later passes do not
   * add a cascade of "has no factor" errors for the same line.
   */
  droppedFactors: Set<string>;
  penaltyDecls: PenaltyDecl[];
  trainBlock?: TrainBlock;
  attackBlock?: AttackBlock;
  sweepDecls: SweepDecl[];
  /** Grid axes from the command line (`vaec sweep --grid`): they replace the spec's same axis. */
  gridDecls?: GridDecl[];

  dataVar?: DataVariable;
  latents: Latent[];
  /** The one factor per variable in each model (duplicates are reported and dropped). */
  pFactors: Map<string, FactorDecl>;
  qFactors: Map<string, FactorDecl>;
  /** Topological orders (variable names), set when the graph is acyclic. */
  pOrder?: string[];
  qOrder?: string[];
  distributions: Map<FactorDecl, FactorDistribution>;
  /** The network argument of each factor that has one, evaluated, for check-shapes. */
  networkValues: Map<FactorDecl, NetworkValue>;
  networks: Map<FactorDecl, Network | null>;
  penalties: Penalty[];
  train?: TrainSettings;
  attack?: AttackSettings;
  sweeps: Sweep[];
}

export function createContext(
  program: Program,
  reporter: Reporter,
  set: Record<string, string>,
  setSettings: { train: Setting[]; attack: Setting[] },
): CheckContext {
  return {
    file: reporter.file,
    program,
    reporter,
    set,
    setSettings,
    paramDecls: new Map(),
    params: new Map(),
    latentDecls: [],
    factors: [],
    droppedFactors: new Set(),
    penaltyDecls: [],
    sweepDecls: [],
    latents: [],
    pFactors: new Map(),
    qFactors: new Map(),
    distributions: new Map(),
    networkValues: new Map(),
    networks: new Map(),
    penalties: [],
    sweeps: [],
  };
}

/** Names of the model's variables: the data first, then the latents in declaration order. */
export function variableNames(ctx: CheckContext): string[] {
  return [...(ctx.data ? [ctx.data.name.name] : []), ...ctx.latentDecls.map((l) => l.name.name)];
}

/** Width of a variable's flattened vector, when known. */
export function variableWidth(ctx: CheckContext, name: string): number | undefined {
  if (ctx.dataVar?.name === name) return ctx.dataVar.size;
  return ctx.latents.find((l) => l.name === name)?.dims;
}
