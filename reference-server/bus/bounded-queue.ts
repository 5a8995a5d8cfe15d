// A FIFO with a hard capacity that drops the OLDEST item when full (the newest telemetry is worth
// more than stale telemetry) and hands the dropped item back so the caller can count it.
// Array-backed ring: O(1) push/shift, no per-item allocation beyond the item itself.

export class BoundedQueue<T> {
  readonly capacity: number;
  #items: Array<T | undefined>;
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be an integer ≥ 1, got ${capacity}`);
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds an item; when full, evicts and returns the oldest one. */
  push(item: T): T | undefined {
    let evicted: T | undefined;
    if (this.#size === this.capacity) {
      evicted = this.#items[this.#head];
      this.#items[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.capacity;
      this.#size--;
    }
    this.#items[(this.#head + this.#size) % this.capacity] = item;
    this.#size++;
    return evicted;
  }

  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.capacity;
    this.#size--;
    return item;
  }

  /** Removes and returns everything, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }
}
