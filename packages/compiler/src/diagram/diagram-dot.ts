import { DIAGRAM_FONT, OBSERVED_FILL } from "./diagram-style.js";
import { factorHtml, variableHtml } from "./variable-label.js";
import type { PlateDiagram, PlateEdge, PlateNode, PlatePanel } from "./plate-model.js";

/*
 * The plate diagram as Graphviz DOT: two borderless clusters side by side (generative p on the
 * left, inference q on the right), each holding a rounded plate labelled N. Rows are shared
 * across the panels (`newrank` lets a rank span clusters) so a variable sits at the same height
 * in both. Graphviz cannot hatch, so a TC-penalised node is only tagged here (class `vaec-tc`)
 * and `decorateDiagramSvg` paints the pattern into the SVG.
 */

const NAME_SIZE = 18;
const SIZE_SIZE = 11;
/** A line break with a thin empty line after it: raised layer indices need the headroom. */
const LINE_GAP = '<BR/><FONT POINT-SIZE="4"> </FONT><BR/>';

export function plateDiagramToDot(diagram: PlateDiagram): string {
  const lines: string[] = [];
  lines.push(`digraph ${quote(diagram.name)} {`);
  lines.push(`  // ${diagram.family}: generative model (left) and inference model (right).`);
  lines.push(`  // In the SVG, class vaec-tc nodes are hatched and vaec-kl nodes stippled.`);
  lines.push(
    `  graph [newrank=true, fontname=${quote(DIAGRAM_FONT)}, nodesep=0.6, ranksep=0.55, pad=0.25];`,
  );
  lines.push(
    `  node [shape=circle, fontname=${quote(DIAGRAM_FONT)}, fontsize=${NAME_SIZE}, width=1.0, ` +
      `margin="0.12,0.04", penwidth=1.4, style=filled, fillcolor=white];`,
  );
  lines.push(`  edge [penwidth=1.4, arrowsize=0.9];`);
  // Both titles get as many factorisation lines, so the two panels start at the same height.
  const lineCount = Math.max(...diagram.panels.map((p) => wrapFactors(p).length));
  for (const panel of diagram.panels) lines.push(...panelLines(panel, lineCount));
  for (const [row, ids] of rowGroups(diagram)) {
    lines.push(`  { rank=same; ${ids.map(quote).join("; ")}; }  // row ${row}`);
  }
  for (const panel of diagram.panels) {
    const rows = new Map(panel.nodes.map((n) => [n.variable, n.row]));
    for (const edge of panel.edges) lines.push(`  ${edgeStatement(edge, rows)}`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function panelLines(panel: PlatePanel, lineCount: number): string[] {
  const factorLines = wrapFactors(panel);
  while (factorLines.length < lineCount) factorLines.push(" ");
  const terms = factorLines.join(LINE_GAP);
  const [word, letter] = panel.title.split(" ");
  // The non-breaking spaces keep neighbouring titles apart when the renderer's bold font is
  // wider than the Helvetica Graphviz measured.
  const pad = "&#160;&#160;";
  const heading = `${pad}<B>${word}</B>&#160;<I>${letter}</I>${pad}`;
  const title = `${heading}${LINE_GAP}<FONT POINT-SIZE="13">${terms}</FONT>`;
  return [
    `  subgraph ${quote(`cluster_${panel.model}`)} {`,
    `    id=${quote(`panel-${panel.model}`)}; class="vaec-panel";`,
    `    label=<${title}>; labelloc=t; fontsize=20; peripheries=0; margin=20;`,
    `    subgraph ${quote(`cluster_${panel.model}_plate`)} {`,
    `      id=${quote(`plate-${panel.model}`)}; class="vaec-plate";`,
    `      label=<<I>N</I>>; labelloc=b; labeljust=r; fontsize=18; style=rounded; peripheries=1; penwidth=1.4; margin=16;`,
    ...panel.nodes.map((n) => `      ${nodeStatement(n)}`),
    "    }",
    "  }",
  ];
}

/**
 * The factorisation under the title, a few factors per line: on one line a deep hierarchy's
 * factorisation is wider than its panel and runs into the neighbouring title.
 */
function wrapFactors(panel: PlatePanel): string[] {
  const lines: string[] = [];
  let current: string[] = [];
  let width = 0;
  for (const f of panel.factors) {
    const chars = 4 + f.target.length + f.given.reduce((sum, g) => sum + g.length + 2, 0);
    if (current.length > 0 && width + chars > 36) {
      lines.push(current.join(" "));
      current = [];
      width = 0;
    }
    current.push(factorHtml(panel.model, f.target, f.given, 13));
    width += chars + 1;
  }
  if (current.length > 0) lines.push(current.join(" "));
  return lines;
}

function nodeStatement(node: PlateNode): string {
  const label = `${variableHtml(node.variable, NAME_SIZE)}<BR/><FONT POINT-SIZE="${SIZE_SIZE}">${node.size}</FONT>`;
  const classes = ["vaec-node", `vaec-${node.role}`, ...node.marks.map((m) => `vaec-${m.kind}`)];
  const attrs = [`id=${quote(node.id)}`, `class=${quote(classes.join(" "))}`, `label=<${label}>`];
  const dashed = node.marks.some((m) => m.kind === "free-bits");
  if (node.role === "observed") attrs.push(`fillcolor=${quote(OBSERVED_FILL)}`);
  if (dashed) attrs.push(`style="filled,dashed"`);
  return `${quote(node.id)} [${attrs.join(", ")}];`;
}

/**
 * Arrows always point parent to child, but an inference arrow usually climbs (x up to z1):
 * such an edge is written child -> parent with `dir=back`, so the arrowhead is still at the
 * child while the layout keeps the rows of the generative panel.
 */
function edgeStatement(edge: PlateEdge, rows: Map<string, number>): string {
  const parent = `${edge.panel}.${edge.parent}`;
  const child = `${edge.panel}.${edge.child}`;
  const attrs = [`id=${quote(edge.id)}`, `class="vaec-edge"`];
  const up = (rows.get(edge.parent) ?? 0) > (rows.get(edge.child) ?? 0);
  const level = (rows.get(edge.parent) ?? 0) === (rows.get(edge.child) ?? 0);
  if (level) attrs.push("constraint=false");
  if (up) {
    attrs.push("dir=back");
    return `${quote(child)} -> ${quote(parent)} [${attrs.join(", ")}];`;
  }
  return `${quote(parent)} -> ${quote(child)} [${attrs.join(", ")}];`;
}

function rowGroups(diagram: PlateDiagram): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const panel of diagram.panels) {
    for (const n of panel.nodes) groups.set(n.row, [...(groups.get(n.row) ?? []), n.id]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
