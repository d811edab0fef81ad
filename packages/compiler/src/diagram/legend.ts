import { FONT_STACK, PATTERN_IDS } from "./diagram-style.js";
import type { NodeMark, PlateDiagram } from "./plate-model.js";
import { escapeXml, variableSvg } from "./variable-label.js";

/*
 * The legend under the two panels, drawn by hand because its swatches must carry the same SVG
 * patterns as the nodes. Only what this diagram uses is listed, with each penalty's settings,
 * so a reader learns from the figure alone which latent is penalised and how hard.
 */

type Swatch = "observed" | "latent" | "tc" | "kl" | "free-bits" | "arrow" | "plate";

interface Entry {
  swatch: Swatch;
  svg: string;
  /** Characters, for the width estimate (Graphviz's own estimate is not available here). */
  chars: number;
}

const FONT_SIZE = 13;
const ROW_HEIGHT = 26;
const SWATCH = 22;
const MARGIN = 14;
const GAP = 26;

export interface Legend {
  svg: string;
  width: number;
  height: number;
}

export function drawLegend(
  diagram: PlateDiagram,
  frame: { top: number; width: number; observedFill: string },
): Legend {
  const entries = legendEntries(diagram);
  const available = Math.max(frame.width - 2 * MARGIN, 420);
  const placed: Array<{ entry: Entry; x: number; row: number }> = [];
  let x = 0;
  let row = 0;
  let widest = 0;
  for (const entry of entries) {
    const w = SWATCH + 8 + entry.chars * FONT_SIZE * 0.56;
    if (x > 0 && x + w > available) {
      row += 1;
      x = 0;
    }
    placed.push({ entry, x, row });
    widest = Math.max(widest, x + w);
    x += w + GAP;
  }
  const height = (row + 1) * ROW_HEIGHT + MARGIN;
  const parts = placed.map(({ entry, x: left, row: r }) => {
    const cx = MARGIN + left + SWATCH / 2;
    const cy = frame.top + r * ROW_HEIGHT + ROW_HEIGHT / 2;
    const text =
      `<text x="${n(cx + SWATCH / 2 + 8)}" y="${n(cy + FONT_SIZE * 0.35)}" ` +
      `font-family="${FONT_STACK}" font-size="${FONT_SIZE}">${entry.svg}</text>`;
    return `${drawSwatch(entry.swatch, cx, cy, frame.observedFill)}\n${text}`;
  });
  return {
    svg: `<g id="legend" class="vaec-legend">\n${parts.join("\n")}\n</g>`,
    width: widest + 2 * MARGIN,
    height,
  };
}

function legendEntries(diagram: PlateDiagram): Entry[] {
  const entries: Entry[] = [
    plain("observed", "observed data (shape below the name)"),
    plain("latent", "latent variable (size below the name)"),
  ];
  const nodes = diagram.panels[0].nodes.concat(
    diagram.panels[1].nodes.filter(
      (n) => !diagram.panels[0].nodes.some((m) => m.variable === n.variable),
    ),
  );
  for (const kind of ["tc", "kl", "free-bits"] as const) {
    const marked = nodes.flatMap((node) =>
      node.marks.filter((m) => m.kind === kind).map((mark) => ({ variable: node.variable, mark })),
    );
    if (marked.length === 0) continue;
    const head =
      kind === "tc" ? "TC penalty (β-TCVAE)" : kind === "kl" ? "KL penalty (β-VAE)" : "free bits";
    const items = marked.map(({ variable, mark }) => ({
      svg: `${variableSvg(variable, FONT_SIZE)} (${escapeXml(markSetting(mark))})`,
      chars: variable.length + 3 + markSetting(mark).length,
    }));
    entries.push({
      swatch: kind,
      svg: `${escapeXml(head)}: ${items.map((i) => i.svg).join(", ")}`,
      chars: head.length + 2 + items.reduce((sum, i) => sum + i.chars + 2, 0),
    });
  }
  entries.push(plain("arrow", "dependency: parent → child"));
  entries.push(plain("plate", "plate: repeated for each of N data points"));
  return entries;
}

function plain(swatch: Swatch, text: string): Entry {
  return { swatch, svg: escapeXml(text), chars: text.length };
}

function markSetting(mark: NodeMark): string {
  if (mark.kind === "tc") return `β = ${mark.beta}, ${mark.estimator}`;
  if (mark.kind === "kl") return `β = ${mark.beta}`;
  return `λ = ${mark.lambda}`;
}

function drawSwatch(swatch: Swatch, cx: number, cy: number, observedFill: string): string {
  const r = SWATCH / 2 - 2;
  const circle = (fill: string, extra = "") =>
    `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${fill}" stroke="black" stroke-width="1.4"${extra}/>`;
  switch (swatch) {
    case "observed":
      return circle(observedFill);
    case "latent":
      return circle("white");
    case "tc":
      return `${circle("white")}\n${circle(`url(#${PATTERN_IDS.tc})`)}`;
    case "kl":
      return `${circle("white")}\n${circle(`url(#${PATTERN_IDS.kl})`)}`;
    case "free-bits":
      return circle("white", ' stroke-dasharray="5,2"');
    case "arrow": {
      const x0 = cx - SWATCH / 2;
      const x1 = cx + SWATCH / 2;
      return (
        `<path d="M${n(x0)},${n(cy)} L${n(x1 - 7)},${n(cy)}" stroke="black" stroke-width="1.4" fill="none"/>\n` +
        `<polygon points="${n(x1 - 8)},${n(cy - 4)} ${n(x1)},${n(cy)} ${n(x1 - 8)},${n(cy + 4)}" fill="black"/>`
      );
    }
    case "plate":
      return (
        `<rect x="${n(cx - SWATCH / 2)}" y="${n(cy - 8)}" width="${SWATCH}" height="16" rx="4" ` +
        `fill="none" stroke="black" stroke-width="1.4"/>`
      );
  }
}

function n(value: number): string {
  return value.toFixed(2);
}
