import seedrandom from "seedrandom";

/*
 * The data order is a pure function of (seed, purpose, epoch): nothing carries generator state
 * between calls, so `--resume` at any step reproduces the order without saving it. The
 * generator is seedrandom's ARC4 (David Bau's, the same package tfjs uses for its own seeded
 * ops): well tested, and its output for a given seed string is stable across releases and
 * platforms, which is what a reproducible data order needs.
 */

/** A uniform generator on [0, 1) for one purpose, e.g. `dataRandom(seed, "split")`. */
export function dataRandom(seed: number, ...labels: Array<string | number>): () => number {
  return seedrandom(["vaec-data", seed, ...labels].join("/"));
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates, driven by `random`). */
export function permutation(n: number, random: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
