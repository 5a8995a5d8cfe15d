// The in-process bus's equivalent of JetStream's duplicate window: remembers ids for `windowMs`
// and answers "seen?" so both buses store a repeated alert once. The clock is passed in (testable).

export class DedupWindow {
  readonly windowMs: number;
  readonly #seenAtMs = new Map<string, number>();

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Records the id; returns true when it was already seen within the window. */
  checkAndRecord(id: string, nowMs: number): boolean {
    this.#expire(nowMs);
    if (this.#seenAtMs.has(id)) return true;
    this.#seenAtMs.set(id, nowMs);
    return false;
  }

  get size(): number {
    return this.#seenAtMs.size;
  }

  #expire(nowMs: number): void {
    // Map iterates in insertion order, which is time order here: stop at the first live entry.
    for (const [id, atMs] of this.#seenAtMs) {
      if (nowMs - atMs < this.windowMs) break;
      this.#seenAtMs.delete(id);
    }
  }
}
