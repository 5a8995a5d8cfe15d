// The run's metrics as the thresholds and result.json see them: one reading per (name, tags). The
// runner replaces readings as probes report; summaries and threshold values are computed from here.
import type { MetricSummary, RunMetricName } from '../../protocol/run-result.ts';
import { METRIC_CATALOG } from '../thresholds/metric-catalog.ts';
import type { Trend } from './trend.ts';

export type Reading =
  | { readonly kind: 'trend'; readonly trend: Trend }
  | { readonly kind: 'counter'; readonly count: number }
  | { readonly kind: 'rate'; readonly passes: number; readonly total: number }
  | { readonly kind: 'gauge'; readonly value: number; readonly min?: number; readonly max?: number };

export function tagKey(name: string, tags: Readonly<Record<string, string>>): string {
  const t = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  return t.length === 0 ? name : `${name}{${t.map(([k, v]) => `${k}:${v}`).join(',')}}`;
}

export class MetricRegistry {
  private readonly readings = new Map<string, { name: RunMetricName; tags: Readonly<Record<string, string>>; reading: Reading; source?: string }>();

  set(name: RunMetricName, tags: Readonly<Record<string, string>>, reading: Reading, source?: string): void {
    const entry: { name: RunMetricName; tags: Readonly<Record<string, string>>; reading: Reading; source?: string } = { name, tags, reading };
    if (source !== undefined) entry.source = source;
    this.readings.set(tagKey(name, tags), entry);
  }

  get(name: string, tags: Readonly<Record<string, string>> = {}): Reading | undefined {
    return this.readings.get(tagKey(name, tags))?.reading;
  }

  /** Summaries for result.json; `elapsedS` turns counters into per-second rates. */
  summaries(elapsedS: number): MetricSummary[] {
    const out: MetricSummary[] = [];
    for (const { name, tags, reading, source } of this.readings.values()) {
      const cat = METRIC_CATALOG[name];
      const base = { name, kind: reading.kind, unit: cat.unit, tags, source: source ?? cat.describe };
      switch (reading.kind) {
        case 'counter':
          out.push({ ...base, count: reading.count, rate: elapsedS > 0 ? reading.count / elapsedS : 0 });
          break;
        case 'rate':
          out.push({ ...base, passes: reading.passes, fails: reading.total - reading.passes, count: reading.total, ...(reading.total > 0 ? { rate: reading.passes / reading.total } : {}) });
          break;
        case 'gauge':
          out.push({ ...base, value: reading.value, ...(reading.min !== undefined ? { min: reading.min } : {}), ...(reading.max !== undefined ? { max: reading.max } : {}) });
          break;
        case 'trend': {
          const t = reading.trend;
          const fields: Record<string, number> = { count: t.count };
          const put = (k: string, v: number | null) => {
            if (v !== null && Number.isFinite(v)) fields[k] = v;
          };
          put('min', t.min);
          put('max', t.max);
          put('avg', t.avg);
          put('med', t.quantile(50));
          put('p90', t.quantile(90));
          put('p95', t.quantile(95));
          put('p99', t.quantile(99));
          put('p999', t.quantile(99.9));
          out.push({ ...base, source: `${base.source}; ${t.method}`, ...fields });
          break;
        }
      }
    }
    return out.sort((a, b) => tagKey(a.name, a.tags).localeCompare(tagKey(b.name, b.tags)));
  }
}
