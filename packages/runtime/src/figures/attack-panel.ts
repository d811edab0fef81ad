import { renderGrid } from "./png-grid.js";
import { escapeHtml, pngDataUrl } from "./escape.js";
import { headerLines, svgLines, textWidth } from "./svg-text.js";

/*
 * The attack panel of the seed post, one row per pair: original x, target x_t, reconstruction of
 * x, adversarial input x + d, the distortion d scaled to [0, 1], and the reconstruction of x + d.
 * Drawn as SVG (tiles are PNG data URLs, labels are text) so it needs no font at build time; the
 * CLI rasterises it to PNG, and the HTML report shows the SVG.
 */

export interface PanelRow {
  /** e.g. "pair 3 (12 -> 40)". */
  label: string;
  /** e.g. "lambda 0.25, ||d|| 3.1". */
  detail: string;
  original: Float32Array;
  target: Float32Array;
  reconstruction: Float32Array;
  adversarial: Float32Array;
  distortion: Float32Array;
  adversarialReconstruction: Float32Array;
}

export interface AttackPanel {
  title: string;
  /** One example's shape, channels first. */
  shape: number[];
  range: [number, number];
  rows: PanelRow[];
}

/** Pairs in an attack's main panel; the others go in a second panel (the report's <details>). */
export const PANEL_PAIRS = 4;

export const PANEL_COLUMNS = [
  "original",
  "target",
  "reconstruction",
  "adversarial input",
  "distortion (scaled)",
  "adversarial recon.",
] as const;

/** d scaled linearly so its smallest entry is 0 and its largest 1 (all 0.5 when d is constant). */
export function scaleDistortion(d: Float32Array): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of d) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  return d.map((v) => (span > 0 ? (v - lo) / span : 0.5));
}

export function renderAttackPanelSvg(panel: AttackPanel): string {
  const height = panel.shape.length === 3 ? panel.shape[1] : panel.shape[0];
  const scale = Math.max(1, Math.ceil(80 / height));
  const width = panel.shape.length === 3 ? panel.shape[2] : panel.shape[1];
  const tileW = width * scale + 4;
  const tileH = height * scale + 4;
  const gap = 8;
  const headerSize = 12;
  const headers = PANEL_COLUMNS.map(headerLines);
  // Each column is as wide as its tile or its header, whichever is wider: at 28-32 px images the
  // tiles are narrower than "reconstruction", and fixed columns let the headers run together.
  const columnW = Math.max(
    tileW,
    ...headers.flat().map((line) => Math.ceil(textWidth(line, headerSize)) + 4),
  );
  const labelW =
    Math.max(
      120,
      ...panel.rows.flatMap((row) => [textWidth(row.label, 12), textWidth(row.detail, 11)]),
    ) +
    2 * gap;
  const headerLinesUsed = Math.max(...headers.map((lines) => lines.length));
  const top = 34 + headerLinesUsed * 15;
  const rowH = tileH + gap;
  const totalW = Math.ceil(labelW + PANEL_COLUMNS.length * (columnW + gap) + gap);
  const totalH = top + panel.rows.length * rowH + gap;
  const tile = (image: Float32Array, range: [number, number]) =>
    pngDataUrl(renderGrid([image], { shape: panel.shape, range, rows: 1, cols: 1, scale }));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${totalW}" height="${totalH}" viewBox="0 0 ${totalW} ${totalH}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${gap}" y="20" font-size="15" font-weight="bold">${escapeHtml(panel.title)}</text>`,
  ];
  headers.forEach((lines, c) => {
    const x = labelW + c * (columnW + gap) + columnW / 2;
    parts.push(
      svgLines(lines, x, top - 8, `font-size="${headerSize}" text-anchor="middle"`, escapeHtml, 15),
    );
  });
  panel.rows.forEach((row, r) => {
    const y = top + r * rowH;
    parts.push(
      `<text x="${gap}" y="${y + tileH / 2 - 4}" font-size="12">${escapeHtml(row.label)}</text>`,
      `<text x="${gap}" y="${y + tileH / 2 + 12}" font-size="11" fill="#555">${escapeHtml(row.detail)}</text>`,
    );
    const images: Array<[Float32Array, [number, number]]> = [
      [row.original, panel.range],
      [row.target, panel.range],
      [row.reconstruction, panel.range],
      [row.adversarial, panel.range],
      [row.distortion, [0, 1]],
      [row.adversarialReconstruction, panel.range],
    ];
    images.forEach(([image, range], c) => {
      const x = labelW + c * (columnW + gap) + (columnW - tileW) / 2;
      parts.push(
        `<image x="${x}" y="${y}" width="${tileW}" height="${tileH}" xlink:href="${tile(image, range)}" style="image-rendering:pixelated"/>`,
      );
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}
