/*
 * Symbolic maths as plain data: the training and attack objectives are built as these trees
 * from the IR, then printed as plain text (Unicode) or LaTeX by render-text.ts and
 * render-latex.ts. Node kinds name the concepts (a KL, an expectation, a distribution), not
 * the glyphs, so each printer chooses its own notation.
 */

export type MathExpr =
  /** A variable or constant symbol. `name` is the spec's name (`z1`, `x`) or a Greek word (`beta`). */
  | { kind: "symbol"; name: string; vector?: boolean; sup?: string; sub?: string; arrow?: boolean }
  | { kind: "number"; value: number }
  /** `p_θ(target | given)`; `learned` adds the parameter subscript (θ for p, φ for q). */
  | { kind: "dist"; model: "p" | "q"; target: MathExpr[]; given: MathExpr[]; learned: boolean }
  /** A named distribution with arguments: `N(0, I)`, `Bernoulli(π_θ(z))`. */
  | { kind: "named"; name: string; args: MathExpr[] }
  | { kind: "log"; arg: MathExpr }
  | { kind: "expect"; under: MathExpr; body: MathExpr }
  | { kind: "kl"; left: MathExpr; right: MathExpr }
  | { kind: "w2"; left: MathExpr; right: MathExpr }
  | { kind: "tc"; of: MathExpr }
  | { kind: "norm"; arg: MathExpr }
  | { kind: "max"; args: MathExpr[] }
  /** Terms added or subtracted: a + b - c. */
  | { kind: "sum"; terms: Array<{ sign: 1 | -1; expr: MathExpr }> }
  /** Juxtaposed factors, for factorisations and coefficients: p(x | z) p(z), β KL(...). */
  | { kind: "product"; factors: MathExpr[] }
  | { kind: "paren"; arg: MathExpr }
  | { kind: "equals"; left: MathExpr; right: MathExpr }
  /** A function symbol applied to arguments: ℒ(x), Δ_KL(d), μ_θ(z2). */
  | { kind: "apply"; name: MathExpr; args: MathExpr[] }
  /** ∏_k q(z_k): a product over the dimensions of a layer. */
  | { kind: "prodover"; index: string; body: MathExpr }
  /** Σ_k f_k: a sum over the dimensions of a layer (per-unit free bits). */
  | { kind: "sumover"; index: string; body: MathExpr };

export const sym = (
  name: string,
  extra: Partial<Extract<MathExpr, { kind: "symbol" }>> = {},
): MathExpr => ({
  kind: "symbol",
  name,
  ...extra,
});

/** A spec variable: data or latent, printed bold like the seed post's vectors. */
export const variable = (name: string): MathExpr => ({ kind: "symbol", name, vector: true });

export const num = (value: number): MathExpr => ({ kind: "number", value });

export const plus = (...exprs: MathExpr[]): Array<{ sign: 1 | -1; expr: MathExpr }> =>
  exprs.map((expr) => ({ sign: 1, expr }));

export const minus = (expr: MathExpr): { sign: 1 | -1; expr: MathExpr } => ({ sign: -1, expr });

/** Splits `z12` into base `z` and index `12`, so names print as z¹² / \mathbf{z}^{12}. */
export function splitIndex(name: string): { base: string; index?: string } {
  const m = /^([A-Za-z]+?)_?(\d+)$/.exec(name);
  return m ? { base: m[1], index: m[2] } : { base: name };
}
