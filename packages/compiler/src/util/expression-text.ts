import type { Expression } from "@vaec/dsl";

/**
 * An expression as source text the parser reads back to the same expression: what a sweep value
 * becomes in `--set key=text` for each grid point (numbers and strings exactly as written).
 */
export function expressionText(e: Expression): string {
  switch (e.kind) {
    case "Number":
    case "String":
      return e.raw;
    case "Reference":
      return e.name.name;
    case "Unary":
      return `${e.op}${expressionText(e.operand)}`;
    case "Binary":
      return `(${expressionText(e.left)} ${e.op} ${expressionText(e.right)})`;
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
