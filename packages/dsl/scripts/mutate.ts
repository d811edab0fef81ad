/*
 * Seeded random edits of a spec for the fuzz test and `npm run fuzz`: delete, duplicate, swap or
 * insert characters or whole tokens. Deterministic from the seed so a crash can be replayed.
 */

/** mulberry32: small, fast and good enough to pick edits. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments worth inserting: the language's punctuation and words, and some troublemakers. */
const INSERTS = [
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  "|",
  "=",
  "+",
  "-",
  "*",
  "/",
  "^",
  "#",
  '"',
  "\\",
  "model",
  "data",
  "latent",
  "param",
  "penalize",
  "with",
  "train",
  "attack",
  "sweep",
  "in",
  "p(",
  "q(",
  "mlp[",
  "Normal(",
  "1e",
  "0x",
  "1_",
  ".5",
  "1e-3",
  "\n",
  "\r\n",
  "\t",
  " ",
  "é",
  "😀",
  "\u0000",
  "\u2028",
  ";",
  "'",
  "@",
  "β",
];

const TOKEN = /[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|"(?:[^"\\\r\n]|\\.)*"?|#[^\r\n]*|\s+|./gu;

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export type MutationKind = "delete" | "duplicate" | "swap" | "insert";

/** Applies 1-3 random edits to `text`. */
export function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) out = mutateOnce(out, random);
  return out;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

function mutateOnce(text: string, random: () => number): string {
  const kind = pick<MutationKind>(["delete", "duplicate", "swap", "insert"], random);
  const byToken = random() < 0.5;
  const parts = byToken ? tokens(text) : Array.from(text);
  if (parts.length === 0) return pick(INSERTS, random);
  const i = Math.floor(random() * parts.length);
  const j = Math.floor(random() * parts.length);
  switch (kind) {
    case "delete":
      parts.splice(i, 1 + Math.floor(random() * 3));
      break;
    case "duplicate":
      parts.splice(i, 0, parts[i]);
      break;
    case "swap":
      [parts[i], parts[j]] = [parts[j], parts[i]];
      break;
    case "insert":
      parts.splice(i, 0, random() < 0.7 ? pick(INSERTS, random) : parts[j]);
      break;
  }
  return parts.join("");
}
