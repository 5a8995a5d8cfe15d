// Deferred one-shot actions (reconnect after backoff, the rest of a stalled line…) driven by the
// shared ticker: one min-heap instead of a setTimeout per device.
import type { SharedTicker, TickSubscriber } from './shared-ticker.ts';

interface Entry {
  readonly atMs: number;
  readonly seq: number;
  readonly run: () => void;
}

export class TimerQueue implements TickSubscriber {
  private heap: Entry[] = [];
  private seq = 0;
  private readonly ticker: SharedTicker;
  private readonly unsubscribe: () => void;

  constructor(ticker: SharedTicker) {
    this.ticker = ticker;
    this.unsubscribe = ticker.subscribe(this);
  }

  get size(): number {
    return this.heap.length;
  }

  /** Run `run` at `atMs` (performance.now() clock), in insertion order for equal times. */
  at(atMs: number, run: () => void): void {
    const entry: Entry = { atMs, seq: this.seq++, run };
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as Entry)) break;
      heap[i] = heap[parent] as Entry;
      i = parent;
    }
    heap[i] = entry;
    if (i === 0) this.ticker.wake();
  }

  onTick(nowMs: number): number {
    const heap = this.heap;
    while (heap.length > 0 && (heap[0] as Entry).atMs <= nowMs) {
      const top = heap[0] as Entry;
      const last = heap.pop() as Entry;
      if (heap.length > 0) {
        heap[0] = last;
        this.siftDown();
      }
      top.run();
    }
    return heap.length > 0 ? (heap[0] as Entry).atMs : Infinity;
  }

  clear(): void {
    this.heap = [];
  }

  close(): void {
    this.clear();
    this.unsubscribe();
  }

  private siftDown(): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[0] as Entry;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r] as Entry, heap[l] as Entry) ? r : l;
      if (!before(heap[c] as Entry, item)) break;
      heap[i] = heap[c] as Entry;
      i = c;
    }
    heap[i] = item;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
