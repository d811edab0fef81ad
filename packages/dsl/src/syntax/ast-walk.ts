import type { AnyNode } from "../ast.js";

/** Every AST node under `node` (itself included), depth first, in source order of fields. */
export function* walkAst(node: AnyNode): Generator<AnyNode> {
  yield node;
  for (const [key, value] of Object.entries(node)) {
    if (key === "span" || key === "headSpan") continue;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child !== null && typeof child === "object" && "kind" in child)
        yield* walkAst(child as AnyNode);
    }
  }
}
