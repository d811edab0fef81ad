import { renderGrid } from "./png-grid.js";
import type { LayerTraversal } from "./traversals.js";
import { escapeHtml, pngDataUrl } from "./escape.js";
import { textWidth } from "./svg-text.js";

/*
 * A latent traversal as a labelled figure: which layer, which unit on each row (with how much its
 * posterior mean varies over the images), and the value each column sets it to. Drawn as SVG with
 * PNG tiles, like the attack panels.
 */

export function renderTraversalSvg(
  traversal: LayerTraversal,
  shape: readonly number[],
  range: [number, number],
): string {
  const height = shape.length === 3 ? shape[1] : shape[0];
  const width = shape.length === 3 ? shape[2] : shape[1];
  const scale = Math.max(1, Math.ceil(48 / height));
  const tileW = width * scale + 2;
  const tileH = height * scale + 2;
  const gap = 4;
  const valueLabels = traversal.values.map((v) => (v > 0 ? `+${v}` : String(v)));
  const columnW = Math.max(tileW, ...valueLabels.map((v) => Math.ceil(textWidth(v, 11)) + 4));
  const rowLabels = traversal.units.map((u) => `${traversal.layer}[${u}]`);
  const labelW = Math.max(70, ...rowLabels.map((l) => textWidth(l, 12))) + 12;
  const top = 46;
  const totalW = Math.ceil(labelW + traversal.values.length * (columnW + gap) + gap);
  const totalH = top + traversal.units.length * (tileH + gap) + gap;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${totalW}" height="${totalH}" viewBox="0 0 ${totalW} ${totalH}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="18" font-size="13" font-weight="bold">${escapeHtml(`layer ${traversal.layer} (${traversal.dims} units): each row sets one unit to the value above its column`)}</text>`,
  ];
  valueLabels.forEach((label, c) => {
    const x = labelW + c * (columnW + gap) + columnW / 2;
    parts.push(
      `<text x="${x}" y="${top - 8}" font-size="11" text-anchor="middle">${escapeHtml(label)}</text>`,
    );
  });
  traversal.images.forEach((row, r) => {
    const y = top + r * (tileH + gap);
    parts.push(
      `<text x="8" y="${y + tileH / 2 + 4}" font-size="12">${escapeHtml(rowLabels[r])}</text>`,
    );
    row.forEach((image, c) => {
      const png = renderGrid([image], { shape: [...shape], range, rows: 1, cols: 1, scale });
      const x = labelW + c * (columnW + gap) + (columnW - tileW) / 2;
      parts.push(
        `<image x="${x}" y="${y}" width="${tileW}" height="${tileH}" xlink:href="${pngDataUrl(png)}" style="image-rendering:pixelated"/>`,
      );
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}
