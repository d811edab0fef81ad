import temml from "temml";
import type { ObjectiveLatex } from "../compile/analyse-spec.js";

/*
 * The compiler's objectives typeset with Temml, as the HTML report does: LaTeX to MathML, which
 * the browser lays out natively (no fonts to fetch, no layout script).
 */

function typeset(latex: string, display: boolean): string {
  return temml.renderToString(display ? `\\displaystyle ${latex}` : latex, {
    throwOnError: false,
  });
}

export function renderMaths(parent: HTMLElement, parts: readonly ObjectiveLatex[]): void {
  parent.replaceChildren();
  for (const part of parts) {
    const section = document.createElement("section");
    section.className = "objective";
    const title = document.createElement("h3");
    title.textContent = part.title;
    const intro = document.createElement("p");
    intro.className = "intro";
    intro.textContent = part.intro;
    const equation = document.createElement("div");
    equation.className = "equation";
    equation.innerHTML = typeset(part.equation, true);
    const terms = document.createElement("ul");
    for (const term of part.terms) {
      const item = document.createElement("li");
      item.innerHTML = typeset(term.latex, false);
      item.append(`: ${term.account}`);
      terms.append(item);
    }
    section.append(title, intro, equation, terms);
    parent.append(section);
  }
}
