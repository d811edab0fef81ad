/*
 * Seeded randomness. Every random number in a run derives from the run's seed plus labels (what
 * it is for, which step), so a run is reproducible and `--resume` continues on the same stream
 * without having to save a generator's state.
 */

/** Mixes a seed with labels into a new 32-bit seed (FNV-1a over the labels, then splitmix32). */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (const label of labels) {
    const text = `${String(label)}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return splitmix32(h);
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A small fast generator (mulberry32) returning uniforms in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
