/*
 * The Cauchy point's breakpoints in increasing order, (key, index) ascending, where usually only a
 * few dozen of some thousands are ever taken. lbfgsb.f heapifies them all (O(n), but each step a
 * comparison the CPU cannot predict). Here one pass keeps the `batch` smallest in a bounded
 * max-heap: after the first few, a candidate is compared with the largest kept and almost always
 * rejected, a branch the CPU predicts. Those are sorted and handed out; only if the search goes
 * past all of them is the rest heapified. The order, ties included, is the full heap's.
 */
export class BreakpointQueue {
  private readonly chosen: Int32Array;
  private chosenCount = 0;
  private cursor = 0;
  private items: Int32Array = new Int32Array(0);
  private itemCount = 0;
  private key: Float64Array = new Float64Array(0);
  private restBuilt = false;

  constructor(readonly batch = 64) {
    this.chosen = new Int32Array(batch);
  }

  /** Queues items[0 .. count) by key; `items` is reused as the heap of the rest. */
  reset(items: Int32Array, count: number, key: Float64Array): void {
    this.items = items;
    this.itemCount = count;
    this.key = key;
    this.cursor = 0;
    this.restBuilt = false;
    const chosen = this.chosen;
    let size = 0;
    for (let t = 0; t < count; t++) {
      const i = items[t];
      if (size < this.batch) {
        // Max-heap insert.
        let h = size++;
        while (h > 0) {
          const parent = (h - 1) >> 1;
          if (!before(chosen[parent], i, key)) break;
          chosen[h] = chosen[parent];
          h = parent;
        }
        chosen[h] = i;
      } else if (before(i, chosen[0], key)) {
        chosen[0] = i;
        siftDown(chosen, 0, size, key, true);
      }
    }
    // Heap sort in place: ascending.
    for (let end = size - 1; end > 0; end--) {
      const top = chosen[0];
      chosen[0] = chosen[end];
      chosen[end] = top;
      siftDown(chosen, 0, end, key, true);
    }
    this.chosenCount = size;
  }

  /** The next index, or -1 when none is left. */
  peek(): number {
    if (this.cursor < this.chosenCount) return this.chosen[this.cursor];
    if (!this.restBuilt) this.buildRest();
    return this.itemCount > 0 ? this.items[0] : -1;
  }

  pop(): void {
    if (this.cursor < this.chosenCount) {
      this.cursor++;
      return;
    }
    const items = this.items;
    this.itemCount--;
    items[0] = items[this.itemCount];
    siftDown(items, 0, this.itemCount, this.key, false);
  }

  /** Everything after the chosen ones, as a min-heap in `items`. */
  private buildRest(): void {
    this.restBuilt = true;
    const { items, key } = this;
    const last = this.chosenCount > 0 ? this.chosen[this.chosenCount - 1] : -1;
    let count = 0;
    for (let t = 0; t < this.itemCount; t++) {
      const i = items[t];
      if (last < 0 || before(last, i, key)) items[count++] = i;
    }
    this.itemCount = count;
    for (let h = (count >> 1) - 1; h >= 0; h--) siftDown(items, h, count, key, false);
  }
}

/** (key[a], a) < (key[b], b). */
function before(a: number, b: number, key: Float64Array): boolean {
  const ka = key[a];
  const kb = key[b];
  return ka < kb || (ka === kb && a < b);
}

/** Sift down in a min-heap (or a max-heap when `max`) on (key, index). */
function siftDown(
  heap: Int32Array,
  start: number,
  size: number,
  key: Float64Array,
  max: boolean,
): void {
  let h = start;
  const item = heap[h];
  for (;;) {
    let child = 2 * h + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size && before(heap[right], heap[child], key) !== max) child = right;
    const c = heap[child];
    if (before(item, c, key) !== max || item === c) break;
    heap[h] = c;
    h = child;
  }
  heap[h] = item;
}
