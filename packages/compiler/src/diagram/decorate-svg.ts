import { OBSERVED_FILL, PATTERN_IDS } from "./diagram-style.js";
import { drawLegend } from "./legend.js";
import { decodeEntities, helveticaWidth, reflowGraphvizText } from "./reflow-text.js";
import type { NodeMark, PlateDiagram } from "./plate-model.js";

/*
 * Graphviz lays the diagram out but cannot hatch a node, so the SVG it writes is finished here:
 * pattern definitions, the patterns laid over penalised nodes, a white card under the labels
 * they would otherwise cover, and a legend below. The edits are textual but anchored on the ids
 * the DOT writer gave each node, so they touch nothing else.
 */

const PATTERN_DEFS = [
  `<defs>`,
  `<pattern id="${PATTERN_IDS.tc}" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)">`,
  `<rect x="0" y="0" width="1.8" height="7" fill="#555555"/>`,
  `</pattern>`,
  `<pattern id="${PATTERN_IDS.kl}" patternUnits="userSpaceOnUse" width="6" height="6">`,
  `<circle cx="3" cy="3" r="1.3" fill="#404040"/>`,
  `</pattern>`,
  `</defs>`,
].join("\n");

/** The pattern laid over a node for each kind of mark (free bits draw a dashed outline instead). */
function markPattern(mark: NodeMark): string | undefined {
  return mark.kind === "tc" ? PATTERN_IDS.tc : mark.kind === "kl" ? PATTERN_IDS.kl : undefined;
}

export function decorateDiagramSvg(svg: string, diagram: PlateDiagram): string {
  let out = reflowGraphvizText(svg);
  for (const panel of diagram.panels) {
    for (const node of panel.nodes) {
      const patterns = node.marks.map(markPattern).filter((p): p is string => p !== undefined);
      if (patterns.length > 0) out = overlayPatterns(out, node.id, patterns);
    }
  }
  return appendLegend(addDefs(out), diagram);
}

function addDefs(svg: string): string {
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error("graphviz returned no <svg> element");
  const at = open.index + open[0].length;
  return `${svg.slice(0, at)}\n${PATTERN_DEFS}${svg.slice(at)}`;
}

function overlayPatterns(svg: string, id: string, patterns: string[]): string {
  const group = new RegExp(`<g id="${escapeRegExp(id)}" class="[^"]*">[\\s\\S]*?</g>`).exec(svg);
  if (!group) throw new Error(`graphviz output has no node \`${id}\``);
  const shape = /<ellipse\b[^>]*\/>/.exec(group[0]);
  if (!shape) throw new Error(`node \`${id}\` has no ellipse`);
  const overlays = patterns.map((p) =>
    shape[0]
      .replace(/fill="[^"]*"/, `fill="url(#${p})"`)
      .replace(/stroke="[^"]*"/, 'stroke="none"'),
  );
  // Outline redrawn on top so neither the pattern nor the label card eats into it.
  const outline = shape[0].replace(/fill="[^"]*"/, 'fill="none"');
  const body = group[0].replace(
    shape[0],
    [shape[0], ...overlays, labelBackground(group[0]), outline].filter(Boolean).join("\n"),
  );
  return svg.slice(0, group.index) + body + svg.slice(group.index + group[0].length);
}

/**
 * A white card under the label of a patterned node, so the name stays legible over the
 * hatching. Sized from Helvetica widths with room to spare for wider fallback fonts.
 */
function labelBackground(group: string): string {
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (const text of group.matchAll(
    /<text\b[^>]* x="([-\d.]+)" y="([-\d.]+)"[^>]*>(.*?)<\/text>/g,
  )) {
    const x = Number(text[1]);
    const y = Number(text[2]);
    let width = 0;
    let size = 0;
    for (const span of text[3].matchAll(/<tspan\b[^>]*font-size="([\d.]+)"[^>]*>(.*?)<\/tspan>/g)) {
      width += helveticaWidth(decodeEntities(span[2]), Number(span[1]));
      size = Math.max(size, Number(span[1]));
    }
    left = Math.min(left, x - (width * 1.15) / 2);
    right = Math.max(right, x + (width * 1.15) / 2);
    top = Math.min(top, y - size * 0.95);
    bottom = Math.max(bottom, y + size * 0.3);
  }
  if (!Number.isFinite(left)) return "";
  const pad = 2;
  return (
    `<rect class="vaec-label-card" x="${fmt(left - pad)}" y="${fmt(top - pad)}" ` +
    `width="${fmt(right - left + 2 * pad)}" height="${fmt(bottom - top + 2 * pad)}" rx="4" fill="white"/>`
  );
}

function appendLegend(svg: string, diagram: PlateDiagram): string {
  const box = /viewBox="([\d.\-]+) ([\d.\-]+) ([\d.\-]+) ([\d.\-]+)"/.exec(svg);
  if (!box) throw new Error("graphviz svg has no viewBox");
  const width = Number(box[3]);
  const height = Number(box[4]);
  const legend = drawLegend(diagram, { top: height, width, observedFill: OBSERVED_FILL });
  const newWidth = Math.max(width, legend.width);
  const newHeight = height + legend.height;
  const sized = svg
    .replace(/(<svg\b[^>]*?)width="[^"]*"/, `$1width="${fmt(newWidth)}pt"`)
    .replace(/(<svg\b[^>]*?)height="[^"]*"/, `$1height="${fmt(newHeight)}pt"`)
    .replace(box[0], `viewBox="0.00 0.00 ${fmt(newWidth)} ${fmt(newHeight)}"`);
  const background = `<rect x="0" y="0" width="${fmt(newWidth)}" height="${fmt(newHeight)}" fill="white"/>`;
  const withBackground = sized.replace("</defs>", `</defs>\n${background}`);
  return withBackground.replace(/<\/svg>\s*$/, `${legend.svg}\n</svg>\n`);
}

function fmt(n: number): string {
  return n.toFixed(2);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
