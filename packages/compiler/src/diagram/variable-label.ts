/*
 * Variable names drawn the way the seed post writes them: a layer index becomes a superscript
 * (`z2` is z², the post's z^2), everything else is shown as typed.
 */

export interface VariableName {
  base: string;
  /** The layer index, shown raised; absent when the name has no trailing number. */
  index?: string;
}

export function splitVariableName(name: string): VariableName {
  const match = /^([A-Za-z]+?)_?(\d+)$/.exec(name);
  return match ? { base: match[1], index: match[2] } : { base: name };
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** A Graphviz HTML-like label fragment: italic base, smaller raised index. */
export function variableHtml(name: string, pointSize: number): string {
  const { base, index } = splitVariableName(name);
  const italic = `<I>${escapeXml(base)}</I>`;
  if (index === undefined) return italic;
  const small = Math.round(pointSize * 0.7);
  return `${italic}<SUP><FONT POINT-SIZE="${small}">${escapeXml(index)}</FONT></SUP>`;
}

/** The same for SVG text written by hand (the legend). */
export function variableSvg(name: string, fontSize: number): string {
  const { base, index } = splitVariableName(name);
  const italic = `<tspan font-style="italic">${escapeXml(base)}</tspan>`;
  if (index === undefined) return italic;
  const small = Math.round(fontSize * 0.7);
  return `${italic}<tspan baseline-shift="super" font-size="${small}">${escapeXml(index)}</tspan>`;
}

/** `p(x | z1, z2)` as an HTML-like fragment. */
export function factorHtml(
  model: string,
  target: string,
  given: string[],
  pointSize: number,
): string {
  const parts = given.map((g) => variableHtml(g, pointSize)).join(", ");
  const conditioning = given.length > 0 ? ` | ${parts}` : "";
  return `<I>${model}</I>(${variableHtml(target, pointSize)}${conditioning})`;
}
