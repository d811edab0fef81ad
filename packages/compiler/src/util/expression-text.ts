import type { Expression } from "@vaec/dsl";

/** Binding strength of what an expression's text starts and ends with, loosest first. */
const SUM = 1;
const PRODUCT = 2;
const SIGNED = 3;
const POWER = 4;
const ATOM = 5;

const OPERATOR = { "+": SUM, "-": SUM, "*": PRODUCT, "/": PRODUCT, "^": POWER } as const;

interface Text {
  text: string;
  binding: number;
}

/**
 * An expression as source text the parser reads back to the same expression: what a sweep value
 * becomes in `--set key=text` for each grid point (numbers and strings exactly as written).
 * Parentheses only where the tree needs them, so a 7,000-term sum stays flat (7,000 nested
 * pairs would be too deep to parse back, VAE019); built with an explicit stack, as such a sum
 * is a tree 7,000 deep.
 */
export function expressionText(root: Expression): string {
  const stack: Array<{ e: Expression; ready: boolean }> = [{ e: root, ready: false }];
  const done: Text[] = [];
  while (stack.length > 0) {
    const { e, ready } = stack.pop()!;
    if (e.kind === "Unary" || e.kind === "Binary") {
      if (!ready) {
        stack.push({ e, ready: true });
        if (e.kind === "Unary") stack.push({ e: e.operand, ready: false });
        else stack.push({ e: e.right, ready: false }, { e: e.left, ready: false });
      } else if (e.kind === "Unary") {
        const operand = done.pop()!;
        done.push({ text: `${e.op}${wrap(operand, operand.binding < SIGNED)}`, binding: SIGNED });
      } else {
        const right = done.pop()!;
        const left = done.pop()!;
        const binding = OPERATOR[e.op];
        // `^` groups to the right and its exponent may be signed; the others group to the left.
        const text =
          e.op === "^"
            ? `${wrap(left, left.binding <= POWER)} ^ ${wrap(right, right.binding < SIGNED)}`
            : `${wrap(left, left.binding < binding)} ${e.op} ${wrap(right, right.binding <= binding)}`;
        done.push({ text, binding });
      }
    } else {
      done.push({ text: atomText(e), binding: ATOM });
    }
  }
  return done[0].text;
}

function wrap(part: Text, parenthesise: boolean): string {
  return parenthesise ? `(${part.text})` : part.text;
}

/** Leaves, lists, calls and networks: their items nest no deeper than brackets allow (VAE019). */
function atomText(e: Exclude<Expression, { kind: "Unary" | "Binary" }>): string {
  switch (e.kind) {
    case "Number":
    case "String":
      return e.raw;
    case "Reference":
      return e.name.name;
    case "List":
      return `[${e.items.map(expressionText).join(", ")}]`;
    case "Call":
    case "Network": {
      const name = e.kind === "Call" ? e.callee.name : e.name.name;
      const [open, close] = e.kind === "Call" ? ["(", ")"] : ["[", "]"];
      const args = e.args.map((a) => (a.name ? `${a.name.name} = ` : "") + expressionText(a.value));
      return `${name}${open}${args.join(", ")}${close}`;
    }
  }
}
