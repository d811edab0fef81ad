import { FONT_STACK } from "./diagram-style.js";

/*
 * Graphviz writes each run of an HTML-like label (`z`, then a raised `2`) as its own <text> at an
 * absolute x computed from its built-in Helvetica metrics. Any other font (DejaVu Sans on a
 * Linux box without Helvetica, whatever a browser substitutes) is wider or narrower, so the runs
 * overlap or drift apart. Merging each line's runs into one centred <text> of <tspan>s lets the
 * renderer flow them with the font it really has.
 */

const RUN =
  /^<text xml:space="preserve" text-anchor="start" x="([-\d.]+)" y="([-\d.]+)"((?: [a-z-]+="[^"]*")*)>(.*)<\/text>$/;

interface Run {
  x: number;
  y: string;
  attrs: string;
  content: string;
}

export function reflowGraphvizText(svg: string): string {
  const out: string[] = [];
  let line: Run[] = [];
  const flush = () => {
    if (line.length > 0) out.push(mergeRuns(line));
    line = [];
  };
  for (const text of svg.split("\n")) {
    const match = RUN.exec(text);
    if (!match) {
      flush();
      out.push(text);
      continue;
    }
    const run = { x: Number(match[1]), y: match[2], attrs: match[3], content: match[4] };
    if (line.length > 0 && line[0].y !== run.y) flush();
    line.push(run);
  }
  flush();
  return out
    .join("\n")
    .replace(/font-family="Helvetica,sans-Serif"/g, `font-family="${FONT_STACK}"`);
}

function mergeRuns(runs: Run[]): string {
  const first = runs[0];
  const last = runs[runs.length - 1];
  const fontSize = Number(/font-size="([\d.]+)"/.exec(last.attrs)?.[1] ?? "14");
  const width = last.x - first.x + helveticaWidth(decodeEntities(last.content), fontSize);
  const centre = first.x + width / 2;
  const spans = runs.map((r) => `<tspan${r.attrs}>${r.content}</tspan>`).join("");
  return `<text xml:space="preserve" text-anchor="middle" x="${centre.toFixed(2)}" y="${first.y}">${spans}</text>`;
}

/** Helvetica advance widths (em) of the characters labels use; 0.55 em for the rest. */
const WIDTHS: Record<string, number> = {
  " ": 0.278,
  ",": 0.278,
  "(": 0.333,
  ")": 0.333,
  "|": 0.26,
  "×": 0.584,
  i: 0.222,
  l: 0.222,
  j: 0.222,
  f: 0.278,
  t: 0.278,
  r: 0.333,
  m: 0.833,
  w: 0.722,
};

export function helveticaWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    em += WIDTHS[ch] ?? (/[0-9]/.test(ch) ? 0.556 : /[A-Z]/.test(ch) ? 0.667 : 0.55);
  }
  return em * fontSize;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
