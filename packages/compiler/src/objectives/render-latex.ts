import type { MathExpr } from "./math.js";
import { splitIndex } from "./math.js";

const GREEK = new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "Delta",
  "lambda",
  "mu",
  "sigma",
  "pi",
  "theta",
  "phi",
]);

/** Prints a maths tree as LaTeX in the seed post's notation (bold vectors, \mathrm{KL}, \mathcal{L}). */
export function renderLatex(expr: MathExpr): string {
  switch (expr.kind) {
    case "symbol": {
      const { base, index } = expr.vector
        ? splitIndex(expr.name)
        : { base: expr.name, index: undefined };
      let out =
        base === "ELBO"
          ? "\\mathcal{L}"
          : GREEK.has(base)
            ? `\\${base}`
            : expr.vector
              ? `\\mathbf{${base}}`
              : base.length > 1
                ? `\\mathrm{${base}}`
                : base;
      if (expr.arrow) out = `\\vec{${out}}`;
      const sup = [index, expr.sup].filter(Boolean).join(",");
      if (sup) out += `^{${sup}}`;
      if (expr.sub)
        out += `_{${GREEK.has(expr.sub) ? `\\${expr.sub}` : /^[A-Za-z]{2,}$/.test(expr.sub) ? `\\mathrm{${expr.sub}}` : expr.sub}}`;
      return out;
    }
    case "number":
      return String(expr.value);
    case "dist": {
      const head = expr.learned
        ? `${expr.model}_{\\${expr.model === "p" ? "theta" : "phi"}}`
        : expr.model;
      const target = expr.target.map(renderLatex).join(", ");
      return expr.given.length
        ? `${head}(${target} \\mid ${expr.given.map(renderLatex).join(", ")})`
        : `${head}(${target})`;
    }
    case "named":
      return `${expr.name === "Normal" ? "\\mathcal{N}" : `\\mathrm{${expr.name}}`}\\left(${expr.args.map(renderLatex).join(", ")}\\right)`;
    case "log":
      return `\\log ${expr.arg.kind === "sum" ? `\\left(${renderLatex(expr.arg)}\\right)` : renderLatex(expr.arg)}`;
    case "expect":
      return `\\mathbb{E}_{${renderLatex(expr.under)}}\\left[${renderLatex(expr.body)}\\right]`;
    case "kl":
      return `\\mathrm{KL}\\left(${renderLatex(expr.left)} \\,\\|\\, ${renderLatex(expr.right)}\\right)`;
    case "w2":
      return `\\mathrm{W}_{2}\\left(${renderLatex(expr.left)}, ${renderLatex(expr.right)}\\right)`;
    case "tc":
      return `\\mathrm{TC}\\left(${renderLatex(expr.of)}\\right)`;
    case "norm":
      return `\\lVert ${renderLatex(expr.arg)} \\rVert_{2}`;
    case "max":
      return `\\max\\left(${expr.args.map(renderLatex).join(", ")}\\right)`;
    case "sum":
      return expr.terms
        .map((t, i) => {
          const body =
            t.expr.kind === "sum" ? `\\left(${renderLatex(t.expr)}\\right)` : renderLatex(t.expr);
          if (i === 0) return t.sign < 0 ? `-${body}` : body;
          return `${t.sign < 0 ? " - " : " + "}${body}`;
        })
        .join("");
    case "product":
      return expr.factors
        .map((f) => (f.kind === "sum" ? `\\left(${renderLatex(f)}\\right)` : renderLatex(f)))
        .join(" \\, ");
    case "paren":
      return `\\left(${renderLatex(expr.arg)}\\right)`;
    case "equals":
      return `${renderLatex(expr.left)} = ${renderLatex(expr.right)}`;
    case "apply":
      return `${renderLatex(expr.name)}(${expr.args.map(renderLatex).join(", ")})`;
    case "prodover":
      return `\\prod_{${expr.index}} ${renderLatex(expr.body)}`;
    case "sumover":
      return `\\sum_{${expr.index}} ${renderLatex(expr.body)}`;
  }
}
