import { XMLParser } from "fast-xml-parser";

/*
 * The <text> elements of an SVG panel with their position, size and anchor, so the panels' tests
 * can check labels and that no two pieces of text overlap. Tests only.
 */

export interface SvgText {
  x: number;
  y: number;
  size: number;
  anchor?: string;
  text: string;
}

export function textsOf(svg: string): SvgText[] {
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
  }).parse(svg);
  const texts = [parsed.svg.text].flat() as Array<Record<string, string>>;
  return texts.map((t) => ({
    x: Number(t.x),
    y: Number(t.y),
    size: Number(t["font-size"]),
    anchor: t["text-anchor"],
    text: String(t["#text"]),
  }));
}
