/*
 * Generated deep and long expressions for the fuzzer: nesting around the parser's limit
 * (MAX_NESTING, VAE019) and flat chains far beyond anything a person writes. Built in loops,
 * so the generator itself has no depth limit.
 */

export type DeepKind = "parens" | "lists" | "calls" | "powers" | "sum" | "signs" | "mixed";

const KINDS: readonly DeepKind[] = ["parens", "lists", "calls", "powers", "sum", "signs", "mixed"];

/** A depth that is mostly near the limit of 100 (either side), sometimes far past it. */
function nestingDepth(random: () => number): number {
  const r = random();
  if (r < 0.6) return 90 + Math.floor(random() * 21);
  if (r < 0.9) return 1 + Math.floor(random() * 100);
  return 100 + Math.floor(random() * 400);
}

/** A length for flat chains: up to 10,000 terms. */
function chainLength(random: () => number): number {
  return 1 + Math.floor(random() ** 2 * 10_000);
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** One generated expression of `kind` (random when not given). */
export function deepExpression(random: () => number, kind = pick(KINDS, random)): string {
  switch (kind) {
    case "parens": {
      const n = nestingDepth(random);
      return `${"(".repeat(n)}1${")".repeat(n)}`;
    }
    case "lists": {
      const n = nestingDepth(random);
      return `${"[".repeat(n)}1${"]".repeat(n)}`;
    }
    case "calls": {
      const n = nestingDepth(random);
      return `${"f(x = ".repeat(n)}1${")".repeat(n)}`;
    }
    case "powers":
      return Array(nestingDepth(random) + 1)
        .fill("2")
        .join(random() < 0.5 ? " ^ " : "^-");
    case "sum": {
      const ops = ["+", "-", "*", "/"];
      const parts = ["1"];
      for (let i = chainLength(random); i > 0; i--) parts.push(pick(ops, random), "2");
      return parts.join(" ");
    }
    case "signs":
      return `${Array.from({ length: chainLength(random) }, () => (random() < 0.8 ? "-" : "+")).join("")}1`;
    case "mixed": {
      // Chains inside nesting inside chains: each level a short sum around a deeper level.
      const n = nestingDepth(random);
      let open = "";
      let close = "";
      for (let i = 0; i < n; i++) {
        const term = `${"-".repeat(Math.floor(random() * 3))}${Math.floor(random() * 9)}`;
        const opener = pick(["(", "[", "g(", "mlp["], random);
        open += `${term} + ${opener}`;
        close = `${opener.endsWith("(") ? ")" : "]"} * ${term}${close}`;
      }
      return `${open}1${close}`;
    }
  }
}

/**
 * `text` with one generated expression in it: in place of a random number of the spec (so it
 * lands in a setting, an argument or a shape), or as a new `param` when the spec has none.
 */
export function withDeepExpression(text: string, random: () => number): string {
  const expression = deepExpression(random);
  const numbers = [...text.matchAll(/(?<![\w.])\d+(?![\w.])/g)];
  if (numbers.length === 0) return `${text}\nparam deep = ${expression}\n`;
  const match = pick(numbers, random);
  return text.slice(0, match.index) + expression + text.slice(match.index + match[0].length);
}
