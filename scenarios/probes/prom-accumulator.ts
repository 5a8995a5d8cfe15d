// Turns successive /metrics scrapes into run totals that survive server restarts: a counter or
// histogram series that goes down was reset (the process restarted), so its new value is a fresh
// delta, exactly like PromQL's increase(). Each series is tracked by name + labels.
import type { PromScrape } from './prom-text.ts';
import { labelsMatch } from './prom-text.ts';
import { BucketTrend } from '../metrics/trend.ts';

/** Counters and histogram parts only: gauges go up and down and are read directly, never accumulated. */
export function isCumulative(sample: string, types: ReadonlyMap<string, string>): boolean {
  const direct = types.get(sample);
  if (direct !== undefined) return direct === 'counter';
  const family = sample.replace(/_(bucket|sum|count|total)$/, '');
  const t = types.get(family);
  if (t === 'histogram' || t === 'summary') return sample !== family || sample.endsWith('_total');
  if (t === 'counter') return true;
  // Untyped exposition: only the _total naming convention says "counter".
  return t === undefined && sample.endsWith('_total');
}

function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;
}

interface SeriesState {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  last: number;
  increase: number;
}

export class PromAccumulator {
  private readonly series = new Map<string, SeriesState>();
  scrapes = 0;
  resetsSeen = 0;

  /** Feed one scrape of counters and histogram parts (`_bucket`, `_sum`, `_count`). Gauges are read directly. */
  add(scrape: PromScrape): void {
    this.scrapes++;
    let resetHere = false;
    for (const s of scrape.samples) {
      if (!Number.isFinite(s.value) || !isCumulative(s.name, scrape.types)) continue;
      const key = seriesKey(s.name, s.labels);
      const st = this.series.get(key);
      if (!st) {
        // First sight: what the process already counted before we started belongs to earlier work
        // when this is the very first scrape; a series born later counts from zero.
        this.series.set(key, { name: s.name, labels: s.labels, last: s.value, increase: this.scrapes === 1 ? 0 : s.value });
        continue;
      }
      if (s.value < st.last) {
        st.increase += s.value;
        resetHere = true;
      } else st.increase += s.value - st.last;
      st.last = s.value;
    }
    if (resetHere) this.resetsSeen++;
  }

  /** Increase since the first scrape, summed over series of `name` whose labels include `filter`. */
  increase(name: string, filter: Readonly<Record<string, string>> = {}): number | undefined {
    let total: number | undefined;
    for (const st of this.series.values()) if (st.name === name && labelsMatch(st.labels, filter)) total = (total ?? 0) + st.increase;
    return total;
  }

  /** Distinct values of one label among the series of `name`. */
  labelValues(name: string, label: string): string[] {
    const out = new Set<string>();
    for (const st of this.series.values()) if (st.name === name && st.labels[label] !== undefined) out.add(st.labels[label] as string);
    return [...out].sort();
  }

  /** A histogram family's increase as per-bucket counts, scaled (seconds → ms = 1000). */
  histogram(family: string, filter: Readonly<Record<string, string>> = {}, scale = 1): BucketTrend | undefined {
    const cumByLe = new Map<number, number>();
    for (const st of this.series.values()) {
      if (st.name !== `${family}_bucket` || !labelsMatch(st.labels, filter)) continue;
      const leText = st.labels['le'];
      if (leText === undefined) continue;
      const le = leText === '+Inf' ? Number.POSITIVE_INFINITY : Number(leText);
      cumByLe.set(le, (cumByLe.get(le) ?? 0) + st.increase);
    }
    if (cumByLe.size === 0) return undefined;
    const bounds = [...cumByLe.keys()].sort((a, b) => a - b);
    const counts: number[] = [];
    let prev = 0;
    for (const b of bounds) {
      const cum = cumByLe.get(b) as number;
      counts.push(Math.max(0, cum - prev));
      prev = Math.max(prev, cum);
    }
    const sum = this.increase(`${family}_sum`, filter) ?? 0;
    return new BucketTrend(bounds.map((b) => b * scale), counts, sum * scale);
  }

  /** Snapshot of every series' running increase (for windowed deltas, e.g. quarters of a soak). */
  checkpoint(): Map<string, number> {
    return new Map([...this.series].map(([k, st]) => [k, st.increase]));
  }

  /** A histogram over the window between two checkpoints. */
  histogramBetween(family: string, from: Map<string, number>, to: Map<string, number>, scale = 1): BucketTrend | undefined {
    const cumByLe = new Map<number, number>();
    for (const [key, st] of this.series) {
      if (st.name !== `${family}_bucket`) continue;
      const leText = st.labels['le'];
      if (leText === undefined) continue;
      const le = leText === '+Inf' ? Number.POSITIVE_INFINITY : Number(leText);
      cumByLe.set(le, (cumByLe.get(le) ?? 0) + ((to.get(key) ?? 0) - (from.get(key) ?? 0)));
    }
    if (cumByLe.size === 0) return undefined;
    const bounds = [...cumByLe.keys()].sort((a, b) => a - b);
    const counts: number[] = [];
    let prev = 0;
    for (const b of bounds) {
      const cum = cumByLe.get(b) as number;
      counts.push(Math.max(0, cum - prev));
      prev = Math.max(prev, cum);
    }
    return new BucketTrend(bounds.map((b) => b * scale), counts, 0);
  }
}
