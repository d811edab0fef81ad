import { escapeHtml } from "../figures/escape.js";

/* Small pieces every report section uses. */

/** A number for a table: 3 decimals, 1 from 100 up, exponent notation for the very large or small. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3) : v.toFixed(a >= 100 ? 1 : 3);
}

/** An image with its caption; `src` is a data URL (nothing is fetched). */
export function figure(src: string, caption: string): string {
  return `<figure><img src="${src}" alt="${escapeHtml(caption)}"/><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** Plain text with `code` spans, escaped. */
export function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}
