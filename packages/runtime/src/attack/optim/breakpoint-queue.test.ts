import { describe, expect, it } from "vitest";
import { BreakpointQueue } from "./breakpoint-queue.js";
import { seededRandom } from "../../../test-support/optim-test-problems.js";

describe("breakpoint queue", () => {
  it("hands out (key, index) in ascending order, past the first batch too, ties by index", () => {
    const random = seededRandom(21);
    for (const [count, batch] of [
      [0, 4],
      [3, 4],
      [4, 4],
      [50, 4],
      [300, 16],
    ]) {
      // Few distinct keys, so ties are common.
      const key = Float64Array.from({ length: count + 5 }, () => Math.floor(random() * 20) / 4);
      const items = Int32Array.from({ length: count }, (_, t) => t + 5);
      const expected = [...items].sort((a, b) => key[a] - key[b] || a - b);
      const queue = new BreakpointQueue(batch);
      queue.reset(items, count, key);
      const seen: number[] = [];
      for (let b = queue.peek(); b >= 0; b = queue.peek()) {
        seen.push(b);
        queue.pop();
      }
      expect(seen).toEqual(expected);
    }
  });

  it("can be stopped early and reused", () => {
    const key = Float64Array.from([5, 1, 4, 2, 3]);
    const queue = new BreakpointQueue(2);
    queue.reset(Int32Array.from([0, 1, 2, 3, 4]), 5, key);
    expect(queue.peek()).toBe(1);
    queue.pop();
    expect(queue.peek()).toBe(3);
    queue.reset(Int32Array.from([0, 2]), 2, key);
    expect(queue.peek()).toBe(2);
    queue.pop();
    expect(queue.peek()).toBe(0);
    queue.pop();
    expect(queue.peek()).toBe(-1);
  });
});
