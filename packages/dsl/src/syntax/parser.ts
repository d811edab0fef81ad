import { CstParser, type IOrAlt, type IParserErrorMessageProvider } from "chevrotain";
import * as t from "./tokens.js";
import { errorMessageProvider } from "./error-messages.js";

/*
 * The grammar, kept pure: no actions, no AST building (that is build-ast.ts, a CST visitor).
 * docs/language.md holds the same grammar in EBNF; keep the two in step.
 */
export class VaeParser extends CstParser {
  // The alternatives of the hottest OR, built once rather than on every call (chevrotain's advice).
  private primaryAlternatives?: IOrAlt<unknown>[];

  constructor(messages: IParserErrorMessageProvider = errorMessageProvider) {
    super(t.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: messages,
    });
    this.performSelfAnalysis();
  }

  program = this.RULE("program", () => {
    this.MANY(() => this.SUBRULE(this.topLevel));
  });

  topLevel = this.RULE("topLevel", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.trainBlock) },
      { ALT: () => this.SUBRULE(this.attackBlock) },
      { ALT: () => this.SUBRULE(this.sweepDecl) },
    ]);
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(t.Model);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.modelMember));
    this.CONSUME(t.RBrace);
  });

  modelMember = this.RULE("modelMember", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.latentDecl) },
      { ALT: () => this.SUBRULE(this.factorDecl) },
      { ALT: () => this.SUBRULE(this.penaltyDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
    ]);
  });

  /** `data x : binary[64, 64] in [0, 1]` */
  dataDecl = this.RULE("dataDecl", () => {
    this.CONSUME(t.Data);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Colon);
    this.CONSUME2(t.Identifier, { LABEL: "type" });
    this.CONSUME(t.LBracket);
    this.OPTION(() => this.SUBRULE(this.expressionList));
    this.CONSUME(t.RBracket);
    this.OPTION2(() => {
      this.CONSUME(t.In);
      this.SUBRULE(this.expression, { LABEL: "range" });
    });
  });

  /** `latent z1 : 32` */
  latentDecl = this.RULE("latentDecl", () => {
    this.CONSUME(t.Latent);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.expression);
  });

  /** `p(x | z1, z2) = Bernoulli(mlp[1200, 1200])` */
  factorDecl = this.RULE("factorDecl", () => {
    this.CONSUME(t.Identifier, { LABEL: "model" });
    this.CONSUME(t.LParen);
    this.CONSUME2(t.Identifier, { LABEL: "target" });
    this.OPTION(() => {
      this.CONSUME(t.Pipe);
      this.AT_LEAST_ONE_SEP({
        SEP: t.Comma,
        DEF: () => this.CONSUME3(t.Identifier, { LABEL: "given" }),
      });
    });
    this.CONSUME(t.RParen);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.distribution);
  });

  /** `Normal(mlp[256], scale = learned)` */
  distribution = this.RULE("distribution", () => {
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LParen);
    this.OPTION(() => this.SUBRULE(this.argumentList));
    this.CONSUME(t.RParen);
  });

  /** `penalize tc(z2) with beta = 2, estimator = mss` */
  penaltyDecl = this.RULE("penaltyDecl", () => {
    this.CONSUME(t.Penalize);
    this.CONSUME(t.Identifier, { LABEL: "penalty" });
    this.CONSUME(t.LParen);
    this.CONSUME2(t.Identifier, { LABEL: "target" });
    this.CONSUME(t.RParen);
    this.OPTION(() => {
      this.CONSUME(t.With);
      this.SUBRULE(this.settingList);
    });
  });

  /** `param beta = 2` */
  paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(t.Param);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  trainBlock = this.RULE("trainBlock", () => {
    this.CONSUME(t.Train);
    this.CONSUME(t.LBrace);
    this.OPTION(() => this.SUBRULE(this.settingList));
    this.CONSUME(t.RBrace);
  });

  attackBlock = this.RULE("attackBlock", () => {
    this.CONSUME(t.Attack);
    this.CONSUME(t.LBrace);
    this.OPTION(() => this.SUBRULE(this.settingList));
    this.CONSUME(t.RBrace);
  });

  /** `sweep beta in [1, 2, 4, 8], train.seed in [1, 2, 3]`: one axis or several, a Cartesian grid. */
  sweepDecl = this.RULE("sweepDecl", () => {
    this.CONSUME(t.Sweep);
    this.SUBRULE(this.sweepAxis);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.sweepAxis);
    });
  });

  /** `beta in [...]` (a param) or `train.steps in [...]` (a setting; block names are keywords). */
  sweepAxis = this.RULE("sweepAxis", () => {
    this.CONSUME(t.AnyName, { LABEL: "scope" });
    this.OPTION(() => {
      this.CONSUME(t.Dot);
      this.CONSUME2(t.AnyName, { LABEL: "name" });
    });
    this.CONSUME(t.In);
    this.SUBRULE(this.expression);
  });

  /**
   * Settings separated by commas or nothing (new lines are insignificant). After `with`, the
   * settings are followed by the next model member, which may start like a setting (`data`,
   * `param`, `penalize` can name settings); the gate tells them apart by what follows the word,
   * a context chevrotain's per-rule lookahead cannot see.
   */
  settingList = this.RULE("settingList", () => {
    this.SUBRULE(this.setting);
    this.MANY({
      GATE: () => this.startsAnotherSetting(),
      DEF: () => {
        this.OPTION(() => this.CONSUME(t.Comma));
        this.SUBRULE2(this.setting);
      },
    });
    this.OPTION2(() => this.CONSUME2(t.Comma));
  });

  private startsAnotherSetting(): boolean {
    const first = this.LA(1).tokenType;
    const second = this.LA(2).tokenType;
    if (first === t.Comma) return !t.closers.has(second) && second.name !== "EOF";
    // `p(...)` starts a factor and `latnet z` a misspelt declaration; `gamma 3` is a setting missing `=`.
    if (first === t.Identifier)
      return second !== t.LParen && second !== t.Identifier && second !== t.Colon;
    return second === t.Equals;
  }

  setting = this.RULE("setting", () => {
    this.SUBRULE(this.settingName);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** Setting and argument names may be keywords: `train { data = sprites }`. */
  settingName = this.RULE("settingName", () => {
    this.CONSUME(t.AnyName);
  });

  argumentList = this.RULE("argumentList", () => {
    this.SUBRULE(this.argument);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.argument);
    });
    this.OPTION(() => this.CONSUME2(t.Comma));
  });

  /** Positional (`256`) or named (`lr = 1e-3`). */
  argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.SUBRULE(this.settingName);
      this.CONSUME(t.Equals);
    });
    this.SUBRULE(this.expression);
  });

  expressionList = this.RULE("expressionList", () => {
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.expression);
    });
    this.OPTION(() => this.CONSUME2(t.Comma));
  });

  /** A sum of terms: `+` and `-` are the loosest operators, left-associative. */
  expression = this.RULE("expression", () => {
    this.SUBRULE(this.multiplicative, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(t.AdditiveOperator, { LABEL: "operators" });
      this.SUBRULE2(this.multiplicative, { LABEL: "operands" });
    });
  });

  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(t.MultiplicativeOperator, { LABEL: "operators" });
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  /**
   * Signs, then a power: the signs apply to the whole power, so `-2^2` is `-(2^2)` as in
   * mathematics. `^` is right-associative (`2^3^2` is `2^(3^2)`) and its exponent may carry a
   * sign (`2^-1`).
   */
  unary = this.RULE("unary", () => {
    this.MANY(() => this.CONSUME(t.AdditiveOperator, { LABEL: "signs" }));
    this.SUBRULE(this.primary);
    this.OPTION(() => {
      this.CONSUME(t.Caret);
      this.SUBRULE(this.unary, { LABEL: "exponent" });
    });
  });

  primary = this.RULE("primary", () => {
    this.OR(
      (this.primaryAlternatives ??= [
        { ALT: () => this.CONSUME(t.NumberLiteral) },
        { ALT: () => this.CONSUME(t.StringLiteral) },
        { ALT: () => this.SUBRULE(this.parenthesized) },
        { ALT: () => this.SUBRULE(this.list) },
        { ALT: () => this.SUBRULE(this.named) },
      ]),
    );
  });

  parenthesized = this.RULE("parenthesized", () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  list = this.RULE("list", () => {
    this.CONSUME(t.LBracket);
    this.OPTION(() => this.SUBRULE(this.expressionList));
    this.CONSUME(t.RBracket);
  });

  /** A reference `sprites`, a call `adam(lr = 1e-3)` or a network `mlp[256, 256]`. */
  named = this.RULE("named", () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(t.LParen);
            this.OPTION2(() => this.SUBRULE(this.argumentList));
            this.CONSUME(t.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.LBracket);
            this.OPTION3(() => this.SUBRULE2(this.argumentList));
            this.CONSUME(t.RBracket);
          },
        },
      ]);
    });
  });
}

/** The one parser instance, reused (chevrotain's self-analysis is the costly part). */
export const parser = new VaeParser();
