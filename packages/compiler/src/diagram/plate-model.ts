import type { Factor, ModelIR, Penalty } from "../ir.js";

/*
 * What a plate diagram shows, decided once from the IR and independent of any drawing library:
 * the DOT writer, the SVG decorator and the tests all read this, so they cannot disagree about
 * which node is hatched or which arrow exists.
 */

export type PanelModel = "p" | "q";

/** A penalty as it marks a node: hatching for TC, stippling for KL, a dashed outline for free bits. */
export type NodeMark =
  | { kind: "tc"; beta: number; estimator: "mws" | "mss" }
  | { kind: "kl"; beta: number }
  | { kind: "free-bits"; lambda: number };

export interface PlateNode {
  /** Unique over the whole diagram and used as the SVG element id: "p.z1", "q.x". */
  id: string;
  panel: PanelModel;
  variable: string;
  role: "observed" | "latent";
  /** The size shown under the name: "16" for a latent, "64×64" for the data. */
  size: string;
  marks: NodeMark[];
  /**
   * Row from the top, shared by both panels so each variable sits at the same height on the
   * left and on the right: the longest path to it from a root of the generative model.
   */
  row: number;
}

export interface PlateEdge {
  /** "p.z2.z1": panel, parent, child. */
  id: string;
  panel: PanelModel;
  parent: string;
  child: string;
}

export interface PlatePanel {
  model: PanelModel;
  /** "generative p" or "inference q". */
  title: string;
  /** The factors in reading order, as `p(x | z1, z2)`-style terms. */
  factors: Array<{ target: string; given: string[] }>;
  nodes: PlateNode[];
  edges: PlateEdge[];
}

export interface PlateDiagram {
  name: string;
  family: string;
  /** The generative panel first (drawn on the left), then the inference panel. */
  panels: [PlatePanel, PlatePanel];
}

/** Builds the plate diagram of a compiled model: one panel for p and one for q. */
export function buildPlateDiagram(ir: ModelIR): PlateDiagram {
  const rows = rowsFromGenerative(ir);
  const marks = marksByVariable(ir.penalties);
  // Read the generative model from the likelihood up, as the seed post writes it:
  // p(x | z1, z2) p(z1 | z2) p(z2).
  const generative = [...ir.generative].reverse();
  return {
    name: ir.name,
    family: ir.family.name,
    panels: [
      buildPanel(ir, "p", "generative p", generative, rows, marks),
      buildPanel(ir, "q", "inference q", ir.inference, rows, marks),
    ],
  };
}

function buildPanel(
  ir: ModelIR,
  model: PanelModel,
  title: string,
  factors: Factor[],
  rows: Map<string, number>,
  marks: Map<string, NodeMark[]>,
): PlatePanel {
  const variables = [ir.data.name, ...ir.latents.map((l) => l.name)];
  const mentioned = new Set(factors.flatMap((f) => [f.target, ...f.given]));
  const nodes: PlateNode[] = variables
    .filter((v) => mentioned.has(v))
    .map((variable) => {
      const latent = ir.latents.find((l) => l.name === variable);
      return {
        id: `${model}.${variable}`,
        panel: model,
        variable,
        role: latent ? "latent" : "observed",
        size: latent ? String(latent.dims) : ir.data.shape.join("×"),
        marks: latent ? (marks.get(variable) ?? []) : [],
        row: rows.get(variable) ?? 0,
      };
    });
  const edges: PlateEdge[] = factors.flatMap((f) =>
    f.given.map((parent) => ({
      id: `${model}.${parent}.${f.target}`,
      panel: model,
      parent,
      child: f.target,
    })),
  );
  return {
    model,
    title,
    factors: factors.map((f) => ({ target: f.target, given: f.given })),
    nodes,
    edges,
  };
}

/**
 * Longest-path depth in the generative graph. Latents the generative model does not mention
 * (never in a checked IR) fall back to their layer order, the top layer highest.
 */
function rowsFromGenerative(ir: ModelIR): Map<string, number> {
  const parents = new Map<string, string[]>();
  for (const f of ir.generative) parents.set(f.target, f.given);
  const rows = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (v: string): number => {
    const known = rows.get(v);
    if (known !== undefined) return known;
    // A cycle cannot reach a checked IR; cutting it here keeps a hand-made one drawable.
    if (visiting.has(v)) return 0;
    visiting.add(v);
    const given = parents.get(v) ?? [];
    const row = given.length === 0 ? 0 : 1 + Math.max(...given.map(depth));
    visiting.delete(v);
    rows.set(v, row);
    return row;
  };
  for (const f of ir.generative) depth(f.target);
  const top = Math.max(0, ...rows.values());
  const layers = ir.latents.length;
  for (const l of ir.latents) if (!rows.has(l.name)) rows.set(l.name, layers - l.layer);
  if (!rows.has(ir.data.name)) rows.set(ir.data.name, Math.max(top, layers));
  return rows;
}

function marksByVariable(penalties: Penalty[]): Map<string, NodeMark[]> {
  const marks = new Map<string, NodeMark[]>();
  for (const p of penalties) {
    const mark: NodeMark =
      p.kind === "tc"
        ? { kind: "tc", beta: p.beta, estimator: p.estimator }
        : p.kind === "kl"
          ? { kind: "kl", beta: p.beta }
          : { kind: "free-bits", lambda: p.lambda };
    marks.set(p.latent, [...(marks.get(p.latent) ?? []), mark]);
  }
  return marks;
}
