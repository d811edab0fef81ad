// Generated from the grammar by packages/dsl/scripts/generate-cst-types.ts; do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface ProgramCstNode extends CstNode {
  name: "program";
  children: ProgramCstChildren;
}

export type ProgramCstChildren = {
  topLevel?: TopLevelCstNode[];
};

export interface TopLevelCstNode extends CstNode {
  name: "topLevel";
  children: TopLevelCstChildren;
}

export type TopLevelCstChildren = {
  modelDecl?: ModelDeclCstNode[];
  paramDecl?: ParamDeclCstNode[];
  trainBlock?: TrainBlockCstNode[];
  attackBlock?: AttackBlockCstNode[];
  sweepDecl?: SweepDeclCstNode[];
};

export interface ModelDeclCstNode extends CstNode {
  name: "modelDecl";
  children: ModelDeclCstChildren;
}

export type ModelDeclCstChildren = {
  model: IToken[];
  Identifier: IToken[];
  LBrace: IToken[];
  modelMember?: ModelMemberCstNode[];
  RBrace: IToken[];
};

export interface ModelMemberCstNode extends CstNode {
  name: "modelMember";
  children: ModelMemberCstChildren;
}

export type ModelMemberCstChildren = {
  dataDecl?: DataDeclCstNode[];
  latentDecl?: LatentDeclCstNode[];
  factorDecl?: FactorDeclCstNode[];
  penaltyDecl?: PenaltyDeclCstNode[];
  paramDecl?: ParamDeclCstNode[];
};

export interface DataDeclCstNode extends CstNode {
  name: "dataDecl";
  children: DataDeclCstChildren;
}

export type DataDeclCstChildren = {
  data: IToken[];
  Identifier: IToken[];
  Colon: IToken[];
  type: IToken[];
  LBracket: IToken[];
  expressionList?: ExpressionListCstNode[];
  RBracket: IToken[];
  in?: IToken[];
  range?: ExpressionCstNode[];
};

export interface LatentDeclCstNode extends CstNode {
  name: "latentDecl";
  children: LatentDeclCstChildren;
}

export type LatentDeclCstChildren = {
  latent: IToken[];
  Identifier: IToken[];
  Colon: IToken[];
  expression: ExpressionCstNode[];
};

export interface FactorDeclCstNode extends CstNode {
  name: "factorDecl";
  children: FactorDeclCstChildren;
}

export type FactorDeclCstChildren = {
  model: IToken[];
  LParen: IToken[];
  target: IToken[];
  Pipe?: IToken[];
  given?: IToken[];
  Comma?: IToken[];
  RParen: IToken[];
  Equals: IToken[];
  distribution: DistributionCstNode[];
};

export interface DistributionCstNode extends CstNode {
  name: "distribution";
  children: DistributionCstChildren;
}

export type DistributionCstChildren = {
  Identifier: IToken[];
  LParen: IToken[];
  argumentList?: ArgumentListCstNode[];
  RParen: IToken[];
};

export interface PenaltyDeclCstNode extends CstNode {
  name: "penaltyDecl";
  children: PenaltyDeclCstChildren;
}

export type PenaltyDeclCstChildren = {
  penalize: IToken[];
  penalty: IToken[];
  LParen: IToken[];
  target: IToken[];
  RParen: IToken[];
  with?: IToken[];
  settingList?: SettingListCstNode[];
};

export interface ParamDeclCstNode extends CstNode {
  name: "paramDecl";
  children: ParamDeclCstChildren;
}

export type ParamDeclCstChildren = {
  param: IToken[];
  Identifier: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface TrainBlockCstNode extends CstNode {
  name: "trainBlock";
  children: TrainBlockCstChildren;
}

export type TrainBlockCstChildren = {
  train: IToken[];
  LBrace: IToken[];
  settingList?: SettingListCstNode[];
  RBrace: IToken[];
};

export interface AttackBlockCstNode extends CstNode {
  name: "attackBlock";
  children: AttackBlockCstChildren;
}

export type AttackBlockCstChildren = {
  attack: IToken[];
  LBrace: IToken[];
  settingList?: SettingListCstNode[];
  RBrace: IToken[];
};

export interface SweepDeclCstNode extends CstNode {
  name: "sweepDecl";
  children: SweepDeclCstChildren;
}

export type SweepDeclCstChildren = {
  sweep: IToken[];
  sweepAxis: SweepAxisCstNode[];
  Comma?: IToken[];
};

export interface SweepAxisCstNode extends CstNode {
  name: "sweepAxis";
  children: SweepAxisCstChildren;
}

export type SweepAxisCstChildren = {
  scope: IToken[];
  Dot?: IToken[];
  name?: IToken[];
  in: IToken[];
  expression: ExpressionCstNode[];
};

export interface SettingListCstNode extends CstNode {
  name: "settingList";
  children: SettingListCstChildren;
}

export type SettingListCstChildren = {
  setting: SettingCstNode[];
  Comma?: IToken[];
};

export interface SettingCstNode extends CstNode {
  name: "setting";
  children: SettingCstChildren;
}

export type SettingCstChildren = {
  settingName: SettingNameCstNode[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface SettingNameCstNode extends CstNode {
  name: "settingName";
  children: SettingNameCstChildren;
}

export type SettingNameCstChildren = {
  AnyName: IToken[];
};

export interface ArgumentListCstNode extends CstNode {
  name: "argumentList";
  children: ArgumentListCstChildren;
}

export type ArgumentListCstChildren = {
  argument: ArgumentCstNode[];
  Comma?: IToken[];
};

export interface ArgumentCstNode extends CstNode {
  name: "argument";
  children: ArgumentCstChildren;
}

export type ArgumentCstChildren = {
  settingName?: SettingNameCstNode[];
  Equals?: IToken[];
  expression: ExpressionCstNode[];
};

export interface ExpressionListCstNode extends CstNode {
  name: "expressionList";
  children: ExpressionListCstChildren;
}

export type ExpressionListCstChildren = {
  expression: ExpressionCstNode[];
  Comma?: IToken[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  operands: MultiplicativeCstNode[];
  operators?: IToken[];
};

export interface MultiplicativeCstNode extends CstNode {
  name: "multiplicative";
  children: MultiplicativeCstChildren;
}

export type MultiplicativeCstChildren = {
  operands: UnaryCstNode[];
  operators?: IToken[];
};

export interface UnaryCstNode extends CstNode {
  name: "unary";
  children: UnaryCstChildren;
}

export type UnaryCstChildren = {
  signs?: IToken[];
  primary: PrimaryCstNode[];
  Caret?: IToken[];
  exponent?: UnaryCstNode[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  NumberLiteral?: IToken[];
  StringLiteral?: IToken[];
  parenthesized?: ParenthesizedCstNode[];
  list?: ListCstNode[];
  named?: NamedCstNode[];
};

export interface ParenthesizedCstNode extends CstNode {
  name: "parenthesized";
  children: ParenthesizedCstChildren;
}

export type ParenthesizedCstChildren = {
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
};

export interface ListCstNode extends CstNode {
  name: "list";
  children: ListCstChildren;
}

export type ListCstChildren = {
  LBracket: IToken[];
  expressionList?: ExpressionListCstNode[];
  RBracket: IToken[];
};

export interface NamedCstNode extends CstNode {
  name: "named";
  children: NamedCstChildren;
}

export type NamedCstChildren = {
  Identifier: IToken[];
  LParen?: IToken[];
  argumentList?: ArgumentListCstNode[];
  RParen?: IToken[];
  LBracket?: IToken[];
  RBracket?: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  program(children: ProgramCstChildren, param?: IN): OUT;
  topLevel(children: TopLevelCstChildren, param?: IN): OUT;
  modelDecl(children: ModelDeclCstChildren, param?: IN): OUT;
  modelMember(children: ModelMemberCstChildren, param?: IN): OUT;
  dataDecl(children: DataDeclCstChildren, param?: IN): OUT;
  latentDecl(children: LatentDeclCstChildren, param?: IN): OUT;
  factorDecl(children: FactorDeclCstChildren, param?: IN): OUT;
  distribution(children: DistributionCstChildren, param?: IN): OUT;
  penaltyDecl(children: PenaltyDeclCstChildren, param?: IN): OUT;
  paramDecl(children: ParamDeclCstChildren, param?: IN): OUT;
  trainBlock(children: TrainBlockCstChildren, param?: IN): OUT;
  attackBlock(children: AttackBlockCstChildren, param?: IN): OUT;
  sweepDecl(children: SweepDeclCstChildren, param?: IN): OUT;
  sweepAxis(children: SweepAxisCstChildren, param?: IN): OUT;
  settingList(children: SettingListCstChildren, param?: IN): OUT;
  setting(children: SettingCstChildren, param?: IN): OUT;
  settingName(children: SettingNameCstChildren, param?: IN): OUT;
  argumentList(children: ArgumentListCstChildren, param?: IN): OUT;
  argument(children: ArgumentCstChildren, param?: IN): OUT;
  expressionList(children: ExpressionListCstChildren, param?: IN): OUT;
  expression(children: ExpressionCstChildren, param?: IN): OUT;
  multiplicative(children: MultiplicativeCstChildren, param?: IN): OUT;
  unary(children: UnaryCstChildren, param?: IN): OUT;
  primary(children: PrimaryCstChildren, param?: IN): OUT;
  parenthesized(children: ParenthesizedCstChildren, param?: IN): OUT;
  list(children: ListCstChildren, param?: IN): OUT;
  named(children: NamedCstChildren, param?: IN): OUT;
}
