// Temporal flicker check: real flames change shape every frame, so the fire-coloured pixels move
// around even when their total stays about the same; an orange wall, a lamp or a sunset does not.
// Each frame's fire pixels are counted per 8×8 block (filled by scoreYuv420); the frame-to-frame
// change is Σ|blockₜ − blockₜ₋₁| / max(Σ blockₜ, Σ blockₜ₋₁), and the camera "flickers" when the
// mean change over the last `windowFrames` frames reaches `minChangeShare`. The original had no
// such check; it is ours, and can be turned off (vision.requireFlicker = false).

export interface FlickerOptions {
  readonly windowFrames: number;
  /** Mean share of fire pixels that moved between consecutive frames (0–2). */
  readonly minChangeShare: number;
  /** Fewer compared frames than this in the window → not yet decided (false). */
  readonly minFrames: number;
}

export const DEFAULT_FLICKER: FlickerOptions = { windowFrames: 15, minChangeShare: 0.03, minFrames: 3 };

export class FlickerTracker {
  readonly #changes: Float64Array;
  #prev: Uint16Array | undefined;
  #prevTotal = 0;
  #next = 0;
  #filled = 0;

  constructor(readonly options: FlickerOptions = DEFAULT_FLICKER) {
    this.#changes = new Float64Array(options.windowFrames);
  }

  /** Records this frame's per-block fire counts (copied); returns whether the window shows flicker. */
  push(blocks: Uint16Array): boolean {
    let total = 0;
    for (let i = 0; i < blocks.length; i++) total += blocks[i]!;
    const prev = this.#prev;
    if (prev === undefined || prev.length !== blocks.length) {
      this.#prev = blocks.slice();
      this.#prevTotal = total;
      return false;
    }
    let moved = 0;
    for (let i = 0; i < blocks.length; i++) moved += Math.abs(blocks[i]! - prev[i]!);
    const denom = Math.max(total, this.#prevTotal);
    this.#changes[this.#next] = denom === 0 ? 0 : moved / denom;
    this.#next = (this.#next + 1) % this.#changes.length;
    if (this.#filled < this.#changes.length) this.#filled++;
    prev.set(blocks);
    this.#prevTotal = total;
    return total > 0 && this.#filled >= this.options.minFrames && this.meanChange() >= this.options.minChangeShare;
  }

  meanChange(): number {
    if (this.#filled === 0) return 0;
    let sum = 0;
    for (let i = 0; i < this.#filled; i++) sum += this.#changes[i]!;
    return sum / this.#filled;
  }

  reset(): void {
    this.#prev = undefined;
    this.#next = 0;
    this.#filled = 0;
  }
}
