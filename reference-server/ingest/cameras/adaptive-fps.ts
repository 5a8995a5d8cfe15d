// Adaptive detection rate per camera, exactly as the original adaptive_fps.py (called once a second
// with the pending-detection count):
//   depth ≥ highWatermark (8) → fps = max(minFps, int(fps·0.75))   25→18→13→9→6→5
//   else depth ≤ lowWatermark (2) and fps < base → fps + 1
//   changes at most once per cooldown (1 s); the cooldown clock moves only when fps changes.
// Plus the risks seed's trigger: queue above highQueueShare of capacity continuously for longer than
// sustainedQueueMs → −25 % (same floor), then the timer starts over.

export interface AdaptiveFpsOptions {
  readonly baseFps: number;
  readonly minFps: number;
  readonly highWatermark: number;
  readonly lowWatermark: number;
  readonly cooldownMs: number;
  readonly capacity: number;
  readonly highQueueShare: number;
  readonly sustainedQueueMs: number;
}

export type FpsChangeReason = 'queue-full' | 'queue-sustained-high' | 'recovering';

export class AdaptiveFps {
  #fps: number;
  #lastChangeMs = Number.NEGATIVE_INFINITY;
  #highSinceMs: number | undefined;

  constructor(readonly options: AdaptiveFpsOptions) {
    this.#fps = options.baseFps;
  }

  get fps(): number {
    return this.#fps;
  }

  /** Feeds one sample; returns the reason when the rate changed. */
  update(depth: number, nowMs: number): FpsChangeReason | undefined {
    const o = this.options;
    const high = depth > o.highQueueShare * o.capacity;
    if (!high) this.#highSinceMs = undefined;
    else this.#highSinceMs ??= nowMs;
    if (nowMs - this.#lastChangeMs < o.cooldownMs) return undefined;
    let next = this.#fps;
    let reason: FpsChangeReason | undefined;
    if (depth >= o.highWatermark) {
      next = Math.max(o.minFps, Math.trunc(this.#fps * 0.75));
      reason = 'queue-full';
    } else if (this.#highSinceMs !== undefined && nowMs - this.#highSinceMs > o.sustainedQueueMs) {
      next = Math.max(o.minFps, Math.trunc(this.#fps * 0.75));
      reason = 'queue-sustained-high';
      this.#highSinceMs = nowMs;
    } else if (depth <= o.lowWatermark && this.#fps < o.baseFps) {
      next = this.#fps + 1;
      reason = 'recovering';
    }
    if (next === this.#fps) return undefined;
    this.#fps = next;
    this.#lastChangeMs = nowMs;
    return reason;
  }
}
