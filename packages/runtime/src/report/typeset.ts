import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import temml from "temml";

/*
 * The compiler's LaTeX typeset as MathML when the report is written, with Temml. MathML needs no
 * script and no font download: browsers lay it out natively with the system's math font, so the
 * report stays one self-contained file. Temml's one font (Temml.woff2, 9 kB, for \mathscr) is
 * inlined as a data URL with its stylesheet.
 */

/** `latex` as a MathML string (inline, or in display style). */
export function typeset(latex: string, display = false): string {
  const source = display ? `\\displaystyle ${latex}` : latex;
  return temml.renderToString(source, { xml: true, throwOnError: false });
}

/**
 * A display equation as pieces that wrap like a paper's: split before each top-level `=`, `+`
 * and `-` (outside braces and \left...\right), each piece its own <math>, so a long objective
 * breaks between terms on a narrow page instead of overflowing or being clipped.
 */
export function typesetEquation(latex: string): string {
  const pieces = splitTopLevel(latex).map((piece, i) =>
    typeset(i === 0 || /^[=]/.test(piece) ? piece : `{}${piece}`, true),
  );
  return `<div class="equation">${pieces.join("")}</div>`;
}

/** `latex` cut before each operator at depth 0 (braces and \left/\right both nest). */
export function splitTopLevel(latex: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < latex.length; i++) {
    const c = latex[i];
    if (c === "\\") {
      if (latex.startsWith("\\left", i)) depth++;
      else if (latex.startsWith("\\right", i)) depth--;
      i++; // the escaped character (\{, \|) never opens or closes anything
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (depth === 0 && " =+-".includes(c) && c !== " " && latex[i - 1] === " " && i > start) {
      pieces.push(latex.slice(start, i).trim());
      start = i;
    }
  }
  pieces.push(latex.slice(start).trim());
  return pieces.filter((p) => p !== "");
}

let css: string | undefined;

/** Temml's stylesheet for system math fonts, with its font inlined (read once). */
export function mathStyle(): string {
  if (css !== undefined) return css;
  const dist = path.dirname(createRequire(import.meta.url).resolve("temml"));
  const font = fs.readFileSync(path.join(dist, "Temml.woff2")).toString("base64");
  css = fs
    .readFileSync(path.join(dist, "Temml-Local.css"), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/url\(['"]?\.?\/?Temml\.woff2['"]?\)/g, `url(data:font/woff2;base64,${font})`);
  return css;
}
