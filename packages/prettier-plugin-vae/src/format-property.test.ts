import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { parse, type Program } from "@vaec/dsl";
import plugin from "./plugin.js";

/*
 * Formatting random edits of the examples and golden specs: whatever still parses must keep its
 * AST and its comments, and format to a fixed point in one pass. The edits (seeded) favour what
 * trips formatters: comments in odd places, joined lines, blank lines, duplicated lines.
 */

const root = join(import.meta.dirname, "../../..");
const specs = ["examples", "tests/golden/ok"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith(".vae"))
    .sort()
    .map((name) => readFileSync(join(root, dir, name), "utf8")),
);

/** A small linear congruential generator: the same edits on every run. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function mutate(text: string, random: () => number): string {
  const lines = text.split("\n");
  const at = Math.floor(random() * lines.length);
  const roll = random();
  if (roll < 0.15) lines.splice(at, 1);
  else if (roll < 0.3) lines.splice(at, 0, lines[Math.floor(random() * lines.length)]);
  else if (roll < 0.45) lines[at] += ` # end ${at}`;
  else if (roll < 0.6) lines.splice(at, 0, `${"  ".repeat(Math.floor(random() * 3))}# own ${at}`);
  else if (roll < 0.7) lines.splice(at, 0, "");
  else if (roll < 0.8 && at + 1 < lines.length && !lines[at].includes("#")) {
    lines.splice(at, 2, `${lines[at]} ${lines[at + 1]}`);
  } else if (!lines[at].includes("#") && !lines[at].includes('"')) {
    // A comment (and so a line break) after any punctuation or space in the line.
    const cuts = [...lines[at].matchAll(/[ ,([=|+*^:-]/g)].map((match) => match.index + 1);
    if (cuts.length > 0) {
      const cut = cuts[Math.floor(random() * cuts.length)];
      lines[at] = `${lines[at].slice(0, cut)}# mid ${at}\n${lines[at].slice(cut)}`;
    }
  }
  return lines.join("\n");
}

function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "span" && key !== "headSpan" && key !== "comments")
      .map(([key, inner]) => [key, withoutSpans(inner)]),
  );
}

/** Comments may move past one another (one in a factor's head goes to the line's end), never vanish. */
function commentTexts(program: Program): string[] {
  return program.comments.map((comment) => comment.text.trimEnd()).sort();
}

function format(text: string): Promise<string> {
  return prettier.format(text, { parser: "vae", plugins: [plugin], filepath: "mutant.vae" });
}

describe("formatting edited specs", () => {
  it("keeps the AST and every comment, and reaches a fixed point in one pass", async () => {
    const random = generator(20_261_124);
    let formatted = 0;
    for (let n = 0; n < 250; n++) {
      let text = specs[Math.floor(random() * specs.length)];
      const edits = 1 + Math.floor(random() * 8);
      for (let i = 0; i < edits; i++) text = mutate(text, random);
      const before = parse({ path: "mutant.vae", text }).result;
      if (before === undefined) continue;
      formatted += 1;
      const once = await format(text);
      const after = parse({ path: "mutant.vae", text: once }).result;
      expect(after, `reparse failed for:\n${text}\n---\n${once}`).toBeDefined();
      expect(withoutSpans(after), text).toEqual(withoutSpans(before));
      expect(commentTexts(after!), text).toEqual(commentTexts(before));
      expect(await format(once), text).toBe(once);
    }
    // Most edits keep the spec valid; if few do, the test has stopped testing anything.
    expect(formatted).toBeGreaterThan(150);
  });
});
