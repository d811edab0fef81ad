import type { Span } from "./span.js";

/*
 * The typed AST of a .vae spec. Plain data with a `kind` field; every node carries the span of
 * the text it came from. The grammar is deliberately generic where the compiler can judge better
 * than the parser: a distribution is any `Name(args)`, a network is any `name[args]`, a setting's
 * value is any expression. Which names and settings exist is the compiler's business (VAE1xx,
 * VAE3xx), so typos get "did you mean" help there instead of a bare syntax error here.
 */

export interface Node {
  span: Span;
}

export interface Identifier extends Node {
  kind: "Identifier";
  name: string;
}

export interface Comment extends Node {
  kind: "Comment";
  /** The text after `#`, without the line break. */
  text: string;
}

// ---------------------------------------------------------------- expressions

/** What every expression has: its span excludes any parentheses written around it. */
export interface ExpressionNode extends Node {
  /** True when the source wrapped this expression in parentheses (kept for the formatter). */
  parenthesized?: boolean;
}

export interface NumberLiteral extends ExpressionNode {
  kind: "Number";
  value: number;
  /** The text as written (`1e-3`, `0x10`, `1_000`), so the formatter can keep it. */
  raw: string;
}

export interface StringLiteral extends ExpressionNode {
  kind: "String";
  value: string;
  raw: string;
}

/** A bare name: a `param`, or a word the compiler reads in context (`sprites`, `relu`, `mss`). */
export interface Reference extends ExpressionNode {
  kind: "Reference";
  name: Identifier;
}

export interface Unary extends ExpressionNode {
  kind: "Unary";
  op: "-" | "+";
  operand: Expression;
}

export interface Binary extends ExpressionNode {
  kind: "Binary";
  op: "+" | "-" | "*" | "/" | "^";
  left: Expression;
  right: Expression;
}

/** `[a, b, c]` */
export interface List extends ExpressionNode {
  kind: "List";
  items: Expression[];
}

/** A positional (`256`) or named (`lr = 1e-3`) argument. */
export interface Argument extends Node {
  kind: "Argument";
  name?: Identifier;
  value: Expression;
}

/** `name(args)`: `adam(lr = 1e-3)`, `grid(-20, 20, 50)`, `npz("x.npz", "imgs")`. */
export interface Call extends ExpressionNode {
  kind: "Call";
  callee: Identifier;
  args: Argument[];
}

/** `name[args]`: a network such as `mlp[1200, 1200]` or `conv[32, 64, activation = elu]`. */
export interface Network extends ExpressionNode {
  kind: "Network";
  name: Identifier;
  args: Argument[];
}

export type Expression =
  NumberLiteral | StringLiteral | Reference | Unary | Binary | List | Call | Network;

/** `name = value` inside `train { }`, `attack { }` or after `with` in a penalty. */
export interface Setting extends Node {
  kind: "Setting";
  name: Identifier;
  value: Expression;
}

// ---------------------------------------------------------------- model members

/** `data x : binary[64, 64]` or `data x : real[3, 64, 64] in [-1, 1]` */
export interface DataDecl extends Node {
  kind: "DataDecl";
  name: Identifier;
  /** `binary` or `real` (kept as an identifier so the compiler can suggest the right one). */
  type: Identifier;
  shape: Expression[];
  /** Optional value range `in [lo, hi]`; binary data is [0, 1]. */
  range?: Expression;
}

/** `latent z1 : 32` */
export interface LatentDecl extends Node {
  kind: "LatentDecl";
  name: Identifier;
  dims: Expression;
}

/** `Normal(0, 1)`, `Normal(mlp[256])`, `Bernoulli(mlp[1200, 1200])`, `Normal(conv[..], scale = learned)` */
export interface Distribution extends Node {
  kind: "Distribution";
  name: Identifier;
  args: Argument[];
}

/** `p(x | z1, z2) = Bernoulli(mlp[1200, 1200])` or `q(z1 | x) = Normal(mlp[1200])` */
export interface FactorDecl extends Node {
  kind: "FactorDecl";
  /** `p` (generative) or `q` (inference), with its own span. */
  model: Identifier;
  target: Identifier;
  given: Identifier[];
  distribution: Distribution;
  /** Span of `p(x | z1, z2)`, the factor's left-hand side, used by most diagnostics. */
  headSpan: Span;
}

/** `penalize tc(z2) with beta = 2` / `penalize kl(z) with beta = 4, free_bits = 0.5` */
export interface PenaltyDecl extends Node {
  kind: "PenaltyDecl";
  /** `tc` or `kl` (an identifier; the compiler checks it). */
  penalty: Identifier;
  target: Identifier;
  settings: Setting[];
}

/** `param beta = 2`: a named number usable in expressions, swept by `sweep`, set by `--set`. */
export interface ParamDecl extends Node {
  kind: "ParamDecl";
  name: Identifier;
  value: Expression;
}

export type ModelMember = DataDecl | LatentDecl | FactorDecl | PenaltyDecl | ParamDecl;

export interface ModelDecl extends Node {
  kind: "ModelDecl";
  name: Identifier;
  members: ModelMember[];
}

// ---------------------------------------------------------------- top-level blocks

/** `train { data = sprites, batch = 256 }`; settings separated by commas or new lines. */
export interface TrainBlock extends Node {
  kind: "TrainBlock";
  settings: Setting[];
}

/** `attack { kinds = [kl, w2, output], pairs = 20 }` */
export interface AttackBlock extends Node {
  kind: "AttackBlock";
  settings: Setting[];
}

/** `sweep beta in [1, 2, 4, 8], train.seed in [1, 2, 3]`: the Cartesian product of its axes. */
export interface SweepDecl extends Node {
  kind: "SweepDecl";
  axes: SweepAxis[];
}

/** `beta in [1, 2, 4, 8]` (a param: `block` is null) or `train.seed in [1, 2, 3]` (a setting). */
export interface SweepAxis extends Node {
  kind: "SweepAxis";
  block: Identifier | null;
  name: Identifier;
  values: Expression;
}

export type TopLevel = ModelDecl | ParamDecl | TrainBlock | AttackBlock | SweepDecl;

export interface Program extends Node {
  kind: "Program";
  items: TopLevel[];
  /** Every comment in source order, for the formatter. */
  comments: Comment[];
}

export type AnyNode =
  | Program
  | TopLevel
  | ModelMember
  | Expression
  | Argument
  | Setting
  | SweepAxis
  | Distribution
  | Identifier
  | Comment;
