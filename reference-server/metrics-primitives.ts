// Hot-path metric primitives: plain numbers in Maps and arrays, updated for the price of an add.
// They are turned into Prometheus families only when /metrics is scraped (metrics.ts), so a
// packet never pays for label hashing or string building.

export interface PromValue {
  readonly value: number;
  readonly labels?: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
}

/** The shape prom-client's Registry accepts for a custom metric (registerMetric + get()). */
export interface CollectedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly aggregator: 'sum';
  get(): { name: string; help: string; type: string; values: PromValue[]; aggregator: 'sum' };
  reset(): void;
}

export function collected(name: string, help: string, type: CollectedMetric['type'], values: () => PromValue[], reset: () => void = () => {}): CollectedMetric {
  return { name, help, type, aggregator: 'sum', get: () => ({ name, help, type, values: values(), aggregator: 'sum' }), reset };
}

/** Counter keyed by one label value, with a cap on distinct values (the rest fold into `other`). */
export class CappedCounter {
  readonly counts = new Map<string, number>();
  constructor(private readonly cap: number) {}
  key(label: string): string {
    return this.counts.has(label) || this.counts.size < this.cap ? label : 'other';
  }
  inc(label: string, by = 1): void {
    const k = this.key(label);
    this.counts.set(k, (this.counts.get(k) ?? 0) + by);
  }
  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }
  values(labelName: string): PromValue[] {
    return [...this.counts].map(([k, v]) => ({ value: v, labels: { [labelName]: k } }));
  }
}

/** Latency buckets in seconds: fine below 1 ms (our target) and up to the original's 5 s stalls. */
export const LATENCY_BUCKETS_S = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Fixed-bucket histogram in seconds; observe() is a short linear scan over 16 bounds. */
export class FastHistogram {
  private readonly counts = new Float64Array(LATENCY_BUCKETS_S.length + 1);
  sum = 0;
  count = 0;
  observe(seconds: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS_S.length && seconds > (LATENCY_BUCKETS_S[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += seconds;
    this.count++;
  }
  values(name: string, labels: Readonly<Record<string, string>> = {}): PromValue[] {
    const out: PromValue[] = [];
    let cumulative = 0;
    LATENCY_BUCKETS_S.forEach((le, i) => {
      cumulative += this.counts[i] as number;
      out.push({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative });
    });
    out.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: this.count });
    out.push({ metricName: `${name}_sum`, labels, value: this.sum });
    out.push({ metricName: `${name}_count`, labels, value: this.count });
    return out;
  }
  /** Approximate quantile from the buckets (upper bound of the bucket holding it), for /api/stats. */
  quantileUpperBoundS(q: number): number | null {
    if (this.count === 0) return null;
    const target = q * this.count;
    let cumulative = 0;
    for (let i = 0; i < LATENCY_BUCKETS_S.length; i++) {
      cumulative += this.counts[i] as number;
      if (cumulative >= target) return LATENCY_BUCKETS_S[i] as number;
    }
    return Number.POSITIVE_INFINITY;
  }
}

/** Cumulative mean, the semantics of the original's `*_latency_avg_ms` gauges. */
export class RunningMean {
  sum = 0;
  count = 0;
  add(v: number): void {
    this.sum += v;
    this.count++;
  }
  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
}
