// Temporal flicker check: real flames change shape every frame, so the number of fire-coloured
// pixels varies; an orange wall or a lamp does not. We keep the fire-pixel counts of the last
// `windowFrames` frames and call it flicker when their coefficient of variation (σ/mean) reaches
// `minRelativeStd`. The original had no such check; it is ours, and can be turned off.

export interface FlickerOptions {
  readonly windowFrames: number;
  readonly minRelativeStd: number;
  /** Fewer frames than this in the window → not yet decided (false). */
  readonly minFrames: number;
}

export const DEFAULT_FLICKER: FlickerOptions = { windowFrames: 15, minRelativeStd: 0.02, minFrames: 5 };

export class FlickerTracker {
  readonly #counts: Float64Array;
  #next = 0;
  #filled = 0;

  constructor(readonly options: FlickerOptions = DEFAULT_FLICKER) {
    this.#counts = new Float64Array(options.windowFrames);
  }

  /** Records this frame's fire-pixel count; returns whether the window shows flicker. */
  push(firePixels: number): boolean {
    this.#counts[this.#next] = firePixels;
    this.#next = (this.#next + 1) % this.#counts.length;
    if (this.#filled < this.#counts.length) this.#filled++;
    return this.relativeStd() >= this.options.minRelativeStd && this.#filled >= this.options.minFrames;
  }

  /** σ/mean of the counts in the window; 0 when the mean is 0. */
  relativeStd(): number {
    const n = this.#filled;
    if (n === 0) return 0;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.#counts[i]!;
    const mean = sum / n;
    if (mean === 0) return 0;
    let sq = 0;
    for (let i = 0; i < n; i++) sq += (this.#counts[i]! - mean) ** 2;
    return Math.sqrt(sq / n) / mean;
  }

  reset(): void {
    this.#next = 0;
    this.#filled = 0;
  }
}
