import { createRandom, deriveSeed } from "../model/rng.js";

/*
 * The attack protocol's (source, target) pairs: P random pairs of distinct held-out examples,
 * reproducible from the seed, or explicit index pairs given by the user. When the examples have
 * classes (sprites' shape, MNIST's digit), each target is drawn from the examples of a class
 * other than its source's, so an attack that succeeds visibly changes the class (the downstream
 * metric, metrics/downstream.ts).
 */

export interface AttackPair {
  source: number;
  target: number;
}

/**
 * `count` pairs over `available` examples: distinct sources, each with a different target,
 * uniform over the examples of another class than the source's when `classes` (one per example)
 * holds at least two classes.
 */
export function pickPairs(
  count: number,
  available: number,
  seed: number,
  classes?: ArrayLike<number>,
): AttackPair[] {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`pairs must be a positive integer, got ${count}`);
  if (available < 2)
    throw new Error(`attack pairs need at least 2 held-out examples, got ${available}`);
  const random = createRandom(deriveSeed(seed, "attack-pairs"));
  const order = Array.from({ length: available }, (_, i) => i);
  for (let i = available - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const mixed = classes !== undefined && new Set(Array.from(classes).slice(0, available)).size > 1;
  const pairs: AttackPair[] = [];
  for (let k = 0; k < count; k++) {
    // Sources repeat only once every example has been a source.
    const source = order[k % available];
    let target: number;
    do {
      target = Math.floor(random() * (available - 1));
      if (target >= source) target++;
      // Rejection keeps the draw uniform over the other classes' examples.
    } while (mixed && classes![target] === classes![source]);
    pairs.push({ source, target });
  }
  return pairs;
}

/** Parses explicit pairs "3:17,4:2" (source:target indices); a usage error is returned, not thrown. */
export function parsePairs(
  text: string,
  available: number,
): { pairs: AttackPair[] } | { error: string } {
  const pairs: AttackPair[] = [];
  for (const item of text.split(",")) {
    const match = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(item);
    if (!match) return { error: `\`${item.trim()}\` is not a pair \`source:target\`` };
    const source = Number(match[1]);
    const target = Number(match[2]);
    for (const index of [source, target]) {
      if (index >= available) {
        return { error: `index ${index} is past the ${available} held-out examples` };
      }
    }
    pairs.push({ source, target });
  }
  return { pairs };
}
