// Alert-flood trigger (risks seed): when the alert-open rate over a short window exceeds
// `floodFactor` × the baseline rate (long window, floored at `floodMinBaselinePerS`), the debounce
// layer turns on; it turns off when the rate falls back. Pure: time is passed in. Counts live in
// one-second buckets so memory is fixed whatever the alert rate.

export interface FloodConfig {
  readonly floodFactor: number;
  readonly floodWindowMs: number;
  readonly floodBaselineWindowMs: number;
  readonly floodMinBaselinePerS: number;
}

export class FloodDetector {
  private readonly buckets: Float64Array;
  private headSecond = -1;
  private firstSecond = -1;
  active = false;

  constructor(private readonly cfg: FloodConfig) {
    this.buckets = new Float64Array(Math.ceil(cfg.floodBaselineWindowMs / 1000));
  }

  private advance(nowMs: number): void {
    const sec = Math.floor(nowMs / 1000);
    if (this.firstSecond < 0) this.firstSecond = sec;
    if (this.headSecond < 0) this.headSecond = sec;
    const n = this.buckets.length;
    for (let s = this.headSecond + 1; s <= sec && s - this.headSecond <= n; s++) this.buckets[s % n] = 0;
    if (sec > this.headSecond) this.headSecond = sec;
  }

  private sumLast(seconds: number): number {
    let total = 0;
    const n = this.buckets.length;
    for (let i = 0; i < Math.min(seconds, n); i++) total += this.buckets[(((this.headSecond - i) % n) + n) % n] as number;
    return total;
  }

  /** Record one alert opening at `nowMs`. */
  recordOpen(nowMs: number): void {
    this.advance(nowMs);
    const n = this.buckets.length;
    const i = this.headSecond % n;
    this.buckets[i] = (this.buckets[i] as number) + 1;
    this.evaluate(nowMs);
  }

  /** Re-evaluate (also called on a timer so the trigger can turn off when alerts stop). */
  evaluate(nowMs: number): boolean {
    this.advance(nowMs);
    const shortS = Math.max(1, Math.round(this.cfg.floodWindowMs / 1000));
    const observedS = Math.max(1, Math.min(this.buckets.length, this.headSecond - this.firstSecond + 1));
    const recent = this.sumLast(shortS);
    const currentPerS = recent / shortS;
    // The baseline is the rate BEFORE the short window, so a burst does not raise its own bar.
    const beforeS = observedS - shortS;
    const before = beforeS > 0 ? (this.sumLast(observedS) - recent) / beforeS : 0;
    const baselinePerS = Math.max(this.cfg.floodMinBaselinePerS, before);
    this.active = currentPerS > this.cfg.floodFactor * baselinePerS;
    return this.active;
  }
}
