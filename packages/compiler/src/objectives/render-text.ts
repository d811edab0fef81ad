import type { MathExpr } from "./math.js";
import { splitIndex } from "./math.js";

const GREEK: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  Delta: "Δ",
  lambda: "λ",
  mu: "μ",
  sigma: "σ",
  pi: "π",
  theta: "θ",
  phi: "φ",
  ELBO: "ℒ",
};
const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  t: "ᵗ",
  i: "ⁱ",
  n: "ⁿ",
  "+": "⁺",
  "-": "⁻",
};
const SUBSCRIPT: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  k: "ₖ",
  i: "ᵢ",
  j: "ⱼ",
  n: "ₙ",
  t: "ₜ",
};

function script(text: string, table: Record<string, string>, fallback: string): string {
  const chars = [...text];
  if (chars.every((c) => c in table)) return chars.map((c) => table[c]).join("");
  if (text in GREEK) return `${fallback}${GREEK[text]}`;
  return /^[A-Za-z0-9]+$/.test(text) ? `${fallback}${text}` : `${fallback}(${text})`;
}

/** Prints a maths tree as one line of Unicode text: 𝔼_{q_φ(z | x)}[log p_θ(x | z)] − KL(...). */
export function renderText(expr: MathExpr): string {
  switch (expr.kind) {
    case "symbol": {
      const { base, index } = expr.vector
        ? splitIndex(expr.name)
        : { base: expr.name, index: undefined };
      let out = GREEK[base] ?? base;
      if (expr.arrow) out += "\u20d7";
      const sup = [index, expr.sup].filter(Boolean).join(",");
      if (sup) out += script(sup, SUPERSCRIPT, "^");
      if (expr.sub) out += script(expr.sub, SUBSCRIPT, "_");
      return out;
    }
    case "number":
      return expr.value < 0 ? `−${-expr.value}` : String(expr.value);
    case "dist": {
      const head = expr.learned ? `${expr.model}_${expr.model === "p" ? "θ" : "φ"}` : expr.model;
      const target = expr.target.map(renderText).join(", ");
      return expr.given.length
        ? `${head}(${target} | ${expr.given.map(renderText).join(", ")})`
        : `${head}(${target})`;
    }
    case "named":
      return `${expr.name === "Normal" ? "𝒩" : expr.name}(${expr.args.map(renderText).join(", ")})`;
    case "log":
      return `log ${wrap(expr.arg)}`;
    case "expect":
      return `𝔼_{${renderText(expr.under)}}[${renderText(expr.body)}]`;
    case "kl":
      return `KL(${renderText(expr.left)} ‖ ${renderText(expr.right)})`;
    case "w2":
      return `W₂(${renderText(expr.left)}, ${renderText(expr.right)})`;
    case "tc":
      return `TC(${renderText(expr.of)})`;
    case "norm":
      return `‖${renderText(expr.arg)}‖₂`;
    case "max":
      return `max(${expr.args.map(renderText).join(", ")})`;
    case "sum":
      return expr.terms
        .map((t, i) => {
          const body = t.expr.kind === "sum" ? `(${renderText(t.expr)})` : renderText(t.expr);
          if (i === 0) return t.sign < 0 ? `−${body}` : body;
          return `${t.sign < 0 ? " − " : " + "}${body}`;
        })
        .join("");
    case "product":
      return expr.factors
        .map((f) => (f.kind === "sum" ? `(${renderText(f)})` : renderText(f)))
        .join(" ");
    case "paren":
      return `(${renderText(expr.arg)})`;
    case "equals":
      return `${renderText(expr.left)} = ${renderText(expr.right)}`;
    case "apply":
      return `${renderText(expr.name)}(${expr.args.map(renderText).join(", ")})`;
    case "prodover":
      return `∏${script(expr.index, SUBSCRIPT, "_")} ${renderText(expr.body)}`;
    case "sumover":
      return `Σ${script(expr.index, SUBSCRIPT, "_")} ${renderText(expr.body)}`;
  }
}

function wrap(expr: MathExpr): string {
  return expr.kind === "sum" ? `(${renderText(expr)})` : renderText(expr);
}
