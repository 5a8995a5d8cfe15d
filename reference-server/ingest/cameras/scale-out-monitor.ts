// Risks seed trigger: dropped frames above 5 % of offered frames over the last 5 minutes, across
// all cameras, raises a "scale out ingestion" signal (metric + log); it clears when the share falls
// back under the limit. Counts are kept in 1 s buckets in a ring, so the window slides smoothly.

export class ScaleOutMonitor {
  readonly #offered: Float64Array;
  readonly #dropped: Float64Array;
  #index = 0;
  #on = false;

  constructor(readonly windowMs: number, readonly dropShare: number, readonly bucketMs = 1000) {
    const n = Math.max(1, Math.round(windowMs / bucketMs));
    this.#offered = new Float64Array(n);
    this.#dropped = new Float64Array(n);
  }

  /** Adds one bucket's counts; returns the new state when it changed. */
  record(offered: number, dropped: number): boolean | undefined {
    this.#index = (this.#index + 1) % this.#offered.length;
    this.#offered[this.#index] = offered;
    this.#dropped[this.#index] = dropped;
    const share = this.dropShareNow();
    const on = share > this.dropShare;
    if (on === this.#on) return undefined;
    this.#on = on;
    return on;
  }

  dropShareNow(): number {
    let o = 0;
    let d = 0;
    for (let i = 0; i < this.#offered.length; i++) {
      o += this.#offered[i]!;
      d += this.#dropped[i]!;
    }
    return o === 0 ? 0 : d / o;
  }

  get on(): boolean {
    return this.#on;
  }
}
