// Distributions the thresholds read. Three sources, one interface: exact samples (alert latencies, API
// responses, per-second series), Prometheus bucket deltas (the server's histograms), and fixed
// percentiles reported by a simulator's HDR recorder.

import { HdrRecorder } from '../../simulators/core/hdr-recorder.ts';

export interface Trend {
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly avg: number | null;
  /** p in 0..100; null when there are no samples or the source cannot answer that percentile. */
  quantile(p: number): number | null;
  /** Words for reports: how the percentile is computed. */
  readonly method: string;
}

/** Exact samples; percentiles by linear interpolation over the sorted values, exactly as k6 does. */
export class SampleTrend implements Trend {
  private readonly values: number[] = [];
  private sorted = true;
  private sum = 0;
  readonly method = 'exact samples, linear interpolation';
  add(v: number): void {
    if (!Number.isFinite(v)) return;
    if (this.values.length > 0 && v < (this.values[this.values.length - 1] as number)) this.sorted = false;
    this.values.push(v);
    this.sum += v;
  }
  get count(): number {
    return this.values.length;
  }
  private ordered(): number[] {
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.values;
  }
  get min(): number | null {
    return this.values.length === 0 ? null : (this.ordered()[0] as number);
  }
  get max(): number | null {
    return this.values.length === 0 ? null : (this.ordered()[this.values.length - 1] as number);
  }
  get avg(): number | null {
    return this.values.length === 0 ? null : this.sum / this.values.length;
  }
  quantile(p: number): number | null {
    const v = this.ordered();
    if (v.length === 0) return null;
    if (v.length === 1) return v[0] as number;
    const rank = (p / 100) * (v.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    const a = v[lo] as number;
    const b = v[hi] as number;
    return a + (b - a) * (rank - lo);
  }
  all(): readonly number[] {
    return this.ordered();
  }
}

/**
 * A Prometheus histogram over a window: per-bucket counts (not cumulative) with upper bounds, already
 * converted to the trend's unit. Quantiles by linear interpolation inside the bucket, like PromQL's
 * histogram_quantile; the +Inf bucket answers with the highest finite bound (a lower bound, noted).
 */
export class BucketTrend implements Trend {
  readonly method = 'server histogram bucket deltas, linear interpolation within the bucket (histogram_quantile)';
  constructor(
    readonly upperBounds: readonly number[],
    readonly counts: readonly number[],
    readonly sumValue: number,
  ) {}
  get count(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }
  get avg(): number | null {
    const c = this.count;
    return c === 0 ? null : this.sumValue / c;
  }
  get min(): number | null {
    const i = this.counts.findIndex((c) => c > 0);
    if (i === -1) return null;
    return i === 0 ? 0 : (this.upperBounds[i - 1] as number);
  }
  get max(): number | null {
    let i = this.counts.length - 1;
    while (i >= 0 && (this.counts[i] as number) === 0) i--;
    if (i < 0) return null;
    const ub = this.upperBounds[i] as number;
    return Number.isFinite(ub) ? ub : (this.upperBounds[i - 1] ?? null);
  }
  quantile(p: number): number | null {
    const total = this.count;
    if (total === 0) return null;
    const rank = (p / 100) * total;
    let cum = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const c = this.counts[i] as number;
      if (cum + c >= rank && c > 0) {
        const lower = i === 0 ? 0 : (this.upperBounds[i - 1] as number);
        const upper = this.upperBounds[i] as number;
        if (!Number.isFinite(upper)) return lower;
        return lower + (upper - lower) * ((rank - cum) / c);
      }
      cum += c;
    }
    const last = this.upperBounds[this.upperBounds.length - 1] as number;
    return Number.isFinite(last) ? last : (this.upperBounds[this.upperBounds.length - 2] ?? null);
  }
}

/** A recorder's own summary (p50/p90/p95/p99/max): only those percentiles can be answered. */
export class FixedPercentileTrend implements Trend {
  readonly method = 'simulator HDR recorder (µs resolution), fixed percentiles';
  constructor(
    readonly count: number,
    private readonly points: Readonly<Record<number, number>>,
    readonly min: number | null,
    readonly max: number | null,
    readonly avg: number | null,
  ) {}
  quantile(p: number): number | null {
    if (this.count === 0) return null;
    if (p === 100) return this.max;
    return this.points[p] ?? null;
  }
}

/**
 * Many samples over long runs (API responses over a 24 h soak): an HDR histogram in µs (constant
 * memory, 3 significant digits) instead of keeping every value.
 */
export class HdrTrend implements Trend {
  readonly method = 'HDR histogram recorded in µs (3 significant digits)';
  private readonly rec = new HdrRecorder({ significantDigits: 3, highestTrackableUs: 600_000_000 });
  private sumMs = 0;
  private minMs: number | null = null;
  private maxMs: number | null = null;
  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.rec.recordUs(Math.max(1, Math.round(ms * 1000)));
    this.sumMs += ms;
    this.minMs = this.minMs === null ? ms : Math.min(this.minMs, ms);
    this.maxMs = this.maxMs === null ? ms : Math.max(this.maxMs, ms);
  }
  merge(other: HdrTrend): void {
    this.rec.merge(other.rec);
    this.sumMs += other.sumMs;
    if (other.minMs !== null) this.minMs = this.minMs === null ? other.minMs : Math.min(this.minMs, other.minMs);
    if (other.maxMs !== null) this.maxMs = this.maxMs === null ? other.maxMs : Math.max(this.maxMs, other.maxMs);
  }
  get count(): number {
    return this.rec.count;
  }
  get min(): number | null {
    return this.minMs;
  }
  get max(): number | null {
    return this.maxMs;
  }
  get avg(): number | null {
    return this.rec.count === 0 ? null : this.sumMs / this.rec.count;
  }
  quantile(p: number): number | null {
    return this.rec.count === 0 ? null : this.rec.percentileUs(p) / 1000;
  }
  encode(): string {
    return this.rec.encode();
  }
}
