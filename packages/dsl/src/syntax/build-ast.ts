import type { CstNode, IToken } from "chevrotain";
import type * as ast from "../ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/define.js";
import { SYNTAX } from "../diagnostics/syntax-codes.js";
import type { SourceFile, Span } from "../span.js";
import type * as cst from "./cst.js";
import { readNumber } from "./number.js";
import { parser } from "./parser.js";
import { LineIndex, spanFrom, tokenSpan } from "./positions.js";
import { readString } from "./string.js";

/*
 * The CST visitor that builds the typed AST. It runs only on a CST without syntax errors, so every
 * mandatory child is present; the few rules the grammar leaves to it (a factor is `p` or `q`)
 * are reported as diagnostics.
 */

type Visit<N extends keyof cst.ICstNodeVisitor<void, unknown>> = Parameters<
  cst.ICstNodeVisitor<void, unknown>[N]
>[0];

const BaseVisitor = parser.getBaseCstVisitorConstructor();

/** Line starts of the text being built, for node spans (the parser tracks only offsets: less garbage). */
let lines: LineIndex = new LineIndex("");

function nodeSpan(node: CstNode): Span {
  const l = node.location!;
  return { start: lines.positionAt(l.startOffset), end: lines.positionAt(l.endOffset! + 1) };
}

function identifier(token: IToken): ast.Identifier {
  return { kind: "Identifier", name: token.image, span: tokenSpan(token) };
}

class AstBuilder extends BaseVisitor {
  file = "";
  diagnostics: Diagnostic[] = [];

  constructor() {
    super();
    this.validateVisitor();
  }

  program(children: Visit<"program">, comments: ast.Comment[], span: Span): ast.Program {
    const items = (children.topLevel ?? []).map((node) => this.visit(node) as ast.TopLevel);
    return { kind: "Program", items, comments, span };
  }

  topLevel(children: Visit<"topLevel">): ast.TopLevel {
    const [node] = [
      ...(children.modelDecl ?? []),
      ...(children.paramDecl ?? []),
      ...(children.trainBlock ?? []),
      ...(children.attackBlock ?? []),
      ...(children.sweepDecl ?? []),
    ];
    return this.visit(node) as ast.TopLevel;
  }

  modelDecl(children: Visit<"modelDecl">, _: unknown, node: CstNode): ast.ModelDecl {
    const span = nodeSpan(node);
    return {
      kind: "ModelDecl",
      name: identifier(children.Identifier[0]),
      members: (children.modelMember ?? []).map((node) => this.visit(node) as ast.ModelMember),
      span,
    };
  }

  modelMember(children: Visit<"modelMember">): ast.ModelMember {
    const [node] = [
      ...(children.dataDecl ?? []),
      ...(children.latentDecl ?? []),
      ...(children.factorDecl ?? []),
      ...(children.penaltyDecl ?? []),
      ...(children.paramDecl ?? []),
    ];
    return this.visit(node) as ast.ModelMember;
  }

  dataDecl(children: Visit<"dataDecl">, _: unknown, node: CstNode): ast.DataDecl {
    const span = nodeSpan(node);
    const decl: ast.DataDecl = {
      kind: "DataDecl",
      name: identifier(children.Identifier[0]),
      type: identifier(children.type[0]),
      shape: children.expressionList ? this.expressions(children.expressionList[0]) : [],
      span,
    };
    if (children.range) decl.range = this.expr(children.range[0]);
    return decl;
  }

  latentDecl(children: Visit<"latentDecl">, _: unknown, node: CstNode): ast.LatentDecl {
    const span = nodeSpan(node);
    return {
      kind: "LatentDecl",
      name: identifier(children.Identifier[0]),
      dims: this.expr(children.expression[0]),
      span,
    };
  }

  factorDecl(children: Visit<"factorDecl">, _: unknown, node: CstNode): ast.FactorDecl {
    const span = nodeSpan(node);
    const model = identifier(children.model[0]);
    const headSpan = spanFrom(model.span, tokenSpan(children.RParen[0]));
    if (model.name !== "p" && model.name !== "q") {
      this.diagnostics.push(
        diagnostic(SYNTAX.badFactorName, this.file, model.span, { name: model.name })
          .withPrimaryLabel("expected `p` (generative model) or `q` (inference model)")
          .withHelp("write `p(...)` for the generative model or `q(...)` for the inference model")
          .build(),
      );
    }
    return {
      kind: "FactorDecl",
      model,
      target: identifier(children.target[0]),
      given: (children.given ?? []).map(identifier),
      distribution: this.visit(children.distribution[0]) as ast.Distribution,
      headSpan,
      span,
    };
  }

  distribution(children: Visit<"distribution">, _: unknown, node: CstNode): ast.Distribution {
    const span = nodeSpan(node);
    return {
      kind: "Distribution",
      name: identifier(children.Identifier[0]),
      args: children.argumentList ? (this.visit(children.argumentList[0]) as ast.Argument[]) : [],
      span,
    };
  }

  penaltyDecl(children: Visit<"penaltyDecl">, _: unknown, node: CstNode): ast.PenaltyDecl {
    const span = nodeSpan(node);
    return {
      kind: "PenaltyDecl",
      penalty: identifier(children.penalty[0]),
      target: identifier(children.target[0]),
      settings: children.settingList ? (this.visit(children.settingList[0]) as ast.Setting[]) : [],
      span,
    };
  }

  paramDecl(children: Visit<"paramDecl">, _: unknown, node: CstNode): ast.ParamDecl {
    const span = nodeSpan(node);
    return {
      kind: "ParamDecl",
      name: identifier(children.Identifier[0]),
      value: this.expr(children.expression[0]),
      span,
    };
  }

  trainBlock(children: Visit<"trainBlock">, _: unknown, node: CstNode): ast.TrainBlock {
    const span = nodeSpan(node);
    const settings = children.settingList
      ? (this.visit(children.settingList[0]) as ast.Setting[])
      : [];
    return { kind: "TrainBlock", settings, span };
  }

  attackBlock(children: Visit<"attackBlock">, _: unknown, node: CstNode): ast.AttackBlock {
    const span = nodeSpan(node);
    const settings = children.settingList
      ? (this.visit(children.settingList[0]) as ast.Setting[])
      : [];
    return { kind: "AttackBlock", settings, span };
  }

  sweepDecl(children: Visit<"sweepDecl">, _: unknown, node: CstNode): ast.SweepDecl {
    const span = nodeSpan(node);
    const axes = children.sweepAxis.map((axis) => this.visit(axis) as ast.SweepAxis);
    return { kind: "SweepDecl", axes, span };
  }

  sweepAxis(children: Visit<"sweepAxis">, _: unknown, node: CstNode): ast.SweepAxis {
    const span = nodeSpan(node);
    const scope = identifier(children.scope[0]);
    const name = children.name ? identifier(children.name[0]) : null;
    return {
      kind: "SweepAxis",
      block: name ? scope : null,
      name: name ?? scope,
      values: this.expr(children.expression[0]),
      span,
    };
  }

  settingList(children: Visit<"settingList">): ast.Setting[] {
    return children.setting.map((node) => this.visit(node) as ast.Setting);
  }

  setting(children: Visit<"setting">, _: unknown, node: CstNode): ast.Setting {
    const span = nodeSpan(node);
    return {
      kind: "Setting",
      name: this.visit(children.settingName[0]) as ast.Identifier,
      value: this.expr(children.expression[0]),
      span,
    };
  }

  settingName(children: Visit<"settingName">): ast.Identifier {
    return identifier(children.AnyName[0]);
  }

  argumentList(children: Visit<"argumentList">): ast.Argument[] {
    return children.argument.map((node) => this.visit(node) as ast.Argument);
  }

  argument(children: Visit<"argument">, _: unknown, node: CstNode): ast.Argument {
    const span = nodeSpan(node);
    const argument: ast.Argument = {
      kind: "Argument",
      value: this.expr(children.expression[0]),
      span,
    };
    if (children.settingName) argument.name = this.visit(children.settingName[0]) as ast.Identifier;
    return argument;
  }

  expressionList(children: Visit<"expressionList">): ast.Expression[] {
    return children.expression.map((node) => this.expr(node));
  }

  expression(children: Visit<"expression">): ast.Expression {
    return this.leftAssociative(children.operands, children.operators ?? []);
  }

  multiplicative(children: Visit<"multiplicative">): ast.Expression {
    return this.leftAssociative(children.operands, children.operators ?? []);
  }

  private leftAssociative(operands: CstNode[], operators: IToken[]): ast.Expression {
    let left = this.visit(operands[0]) as ast.Expression;
    operators.forEach((operator, i) => {
      left = {
        kind: "Binary",
        op: operator.image as ast.Binary["op"],
        left,
        right: this.visit(operands[i + 1]) as ast.Expression,
        // From the operand nodes, so that parentheses around an operand are inside the span.
        span: spanFrom(nodeSpan(operands[0]), nodeSpan(operands[i + 1])),
      };
    });
    return left;
  }

  unary(children: Visit<"unary">, _: unknown, node: CstNode): ast.Expression {
    const span = nodeSpan(node);
    const base = this.visit(children.primary[0]) as ast.Expression;
    let result: ast.Expression = base;
    if (children.exponent) {
      const exponent = this.visit(children.exponent[0]) as ast.Expression;
      const start = nodeSpan(children.primary[0]);
      result = {
        kind: "Binary",
        op: "^",
        left: base,
        right: exponent,
        span: { start: start.start, end: span.end },
      };
    }
    // Signs wrap the power from the innermost (nearest) outwards.
    const signs = children.signs ?? [];
    for (let i = signs.length - 1; i >= 0; i--) {
      const start = tokenSpan(signs[i]).start;
      result = {
        kind: "Unary",
        op: signs[i].image as ast.Unary["op"],
        operand: result,
        span: { start, end: span.end },
      };
    }
    return result;
  }

  primary(children: Visit<"primary">): ast.Expression {
    if (children.NumberLiteral) {
      const token = children.NumberLiteral[0];
      const reading = readNumber(token.image);
      const value = reading.ok ? reading.value : Number.NaN;
      return { kind: "Number", value, raw: token.image, span: tokenSpan(token) };
    }
    if (children.StringLiteral) {
      const token = children.StringLiteral[0];
      const value = readString(token.image).value;
      return { kind: "String", value, raw: token.image, span: tokenSpan(token) };
    }
    const [inner] = [
      ...(children.parenthesized ?? []),
      ...(children.list ?? []),
      ...(children.named ?? []),
    ];
    return this.visit(inner) as ast.Expression;
  }

  parenthesized(children: Visit<"parenthesized">): ast.Expression {
    return { ...this.expr(children.expression[0]), parenthesized: true };
  }

  list(children: Visit<"list">, _: unknown, node: CstNode): ast.List {
    const span = nodeSpan(node);
    const items = children.expressionList ? this.expressions(children.expressionList[0]) : [];
    return { kind: "List", items, span };
  }

  named(children: Visit<"named">, _: unknown, node: CstNode): ast.Expression {
    const span = nodeSpan(node);
    const name = identifier(children.Identifier[0]);
    const args = children.argumentList
      ? (this.visit(children.argumentList[0]) as ast.Argument[])
      : [];
    if (children.LParen) return { kind: "Call", callee: name, args, span };
    if (children.LBracket) return { kind: "Network", name, args, span };
    return { kind: "Reference", name, span };
  }

  private expr(node: cst.ExpressionCstNode): ast.Expression {
    return this.visit(node) as ast.Expression;
  }

  private expressions(node: cst.ExpressionListCstNode): ast.Expression[] {
    return this.visit(node) as ast.Expression[];
  }

  /** Chevrotain passes (children, param); the node itself is passed too, for its span. */
  override visit(node: CstNode | CstNode[], param?: unknown): unknown {
    const one = Array.isArray(node) ? node[0] : node;
    const method = (
      this as unknown as Record<string, (c: unknown, p: unknown, n: CstNode) => unknown>
    )[one.name];
    return method.call(this, one.children, param, one);
  }
}

const builder = new AstBuilder();

export function buildAst(
  source: SourceFile,
  cstRoot: CstNode,
  comments: ast.Comment[],
  span: Span,
): { program: ast.Program; diagnostics: Diagnostic[] } {
  lines = new LineIndex(source.text);
  builder.file = source.path;
  builder.diagnostics = [];
  const program = builder.program(cstRoot.children as Visit<"program">, comments, span);
  return { program, diagnostics: builder.diagnostics };
}
