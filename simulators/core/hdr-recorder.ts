// The only module that touches hdr-histogram-js: latency/lateness histograms recorded in
// microseconds, constant memory (fixed highest trackable value, no auto-resize), percentiles in ms,
// base64 encode/decode for raw result files, and merging across devices/processes.
import * as hdr from 'hdr-histogram-js';
import { EmberError } from '../../protocol/errors.ts';

/** Percentile summary in milliseconds (converted from µs), plus the sample count. */
export interface LatencySummaryMs {
  readonly count: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

export interface HdrRecorderOptions {
  /** Values above are clamped to it (and counted in `clampedCount`). Default 1 h in µs. */
  readonly highestTrackableUs?: number;
  /** Resolution: 3 digits = 0.1 % error, a fixed footprint of a few hundred KiB at most. */
  readonly significantDigits?: 1 | 2 | 3 | 4 | 5;
}

const DEFAULT_HIGHEST_US = 3_600_000_000;
const US_PER_MS = 1000;

function buildHistogram(highestUs: number, digits: 1 | 2 | 3 | 4 | 5): hdr.Histogram {
  // autoResize off: a 24 h soak must not grow memory because one sample was huge; we clamp instead.
  return hdr.build({ bitBucketSize: 64, autoResize: false, lowestDiscernibleValue: 1, highestTrackableValue: highestUs, numberOfSignificantValueDigits: digits, useWebAssembly: false });
}

export class HdrRecorder {
  readonly highestTrackableUs: number;
  private histogram: hdr.Histogram;
  private clamped = 0;

  constructor(options: HdrRecorderOptions = {}, histogram?: hdr.Histogram) {
    this.highestTrackableUs = options.highestTrackableUs ?? DEFAULT_HIGHEST_US;
    this.histogram = histogram ?? buildHistogram(this.highestTrackableUs, options.significantDigits ?? 3);
  }

  /** Record one value in µs. Negative values (clock jitter) count as 0; values past the top are clamped. */
  recordUs(valueUs: number): void {
    let v = valueUs > 0 ? Math.round(valueUs) : 0;
    if (v > this.highestTrackableUs) {
      v = this.highestTrackableUs;
      this.clamped++;
    }
    this.histogram.recordValue(v);
  }

  /**
   * Coordinated-omission correction (HdrHistogram's own): also records value − k·interval for every
   * k while that stays ≥ interval, i.e. one sample per send the stall swallowed.
   */
  recordUsWithExpectedInterval(valueUs: number, intervalUs: number): void {
    const interval = Math.max(1, Math.round(intervalUs));
    let v = valueUs > 0 ? Math.round(valueUs) : 0;
    if (v > this.highestTrackableUs) {
      v = this.highestTrackableUs;
      this.clamped++;
    }
    this.histogram.recordValueWithExpectedInterval(v, interval);
  }

  recordMs(valueMs: number): void {
    this.recordUs(valueMs * US_PER_MS);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** Samples that exceeded highestTrackableUs and were recorded as that value. */
  get clampedCount(): number {
    return this.clamped;
  }

  percentileUs(percentile: number): number {
    return this.histogram.totalCount === 0 ? 0 : this.histogram.getValueAtPercentile(percentile);
  }

  summary(): LatencySummaryMs {
    const h = this.histogram;
    if (h.totalCount === 0) return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 };
    const ms = (us: number): number => us / US_PER_MS;
    return {
      count: h.totalCount,
      minMs: ms(this.minValueUs()),
      meanMs: ms(h.mean),
      p50Ms: ms(h.getValueAtPercentile(50)),
      p90Ms: ms(h.getValueAtPercentile(90)),
      p95Ms: ms(h.getValueAtPercentile(95)),
      p99Ms: ms(h.getValueAtPercentile(99)),
      p999Ms: ms(h.getValueAtPercentile(99.9)),
      maxMs: ms(h.maxValue),
    };
  }

  /** Compressed base64 (the HdrHistogram log format's payload), for raw result files. */
  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.histogram);
  }

  static decode(base64: string, options: HdrRecorderOptions = {}): HdrRecorder {
    let decoded: hdr.Histogram;
    try {
      decoded = hdr.decodeFromCompressedBase64(base64, 64, false);
    } catch (err) {
      throw new EmberError('EMBER_ERR_SIM_HISTOGRAM_INVALID', undefined, [{ path: 'histogram', rule: 'must be compressed base64 from HdrRecorder.encode()', received: base64 }], { cause: err });
    }
    const recorder = new HdrRecorder({ ...options, highestTrackableUs: Math.max(options.highestTrackableUs ?? DEFAULT_HIGHEST_US, decoded.highestTrackableValue) });
    recorder.histogram.add(decoded);
    decoded.destroy();
    return recorder;
  }

  /** Add every sample of `other` into this recorder (percentiles of the union, exactly as HDR merges). */
  merge(other: HdrRecorder): void {
    this.histogram.add(other.histogram);
    this.clamped += other.clamped;
  }

  reset(): void {
    this.histogram.reset();
    this.clamped = 0;
  }

  /** Footprint estimate in bytes; constant for the recorder's life (no auto-resize). */
  get footprintBytes(): number {
    return this.histogram.estimatedFootprintInBytes;
  }

  private minValueUs(): number {
    // minNonZeroValue ignores zeros; a recorded 0 must still show as the minimum.
    return this.histogram.getValueAtPercentile(0);
  }
}
