// Which report section a metric summary belongs to. The runner records per-second CPU, RSS and
// packet rates as trends too, so "trend" alone does not mean latency: the unit decides. Pure.
import type { MetricSummary } from '../protocol/run-result.ts';

const TIME_UNITS = new Set(['ms', 's', 'us', 'µs']);

export function isTimeUnit(unit: string): boolean {
  return TIME_UNITS.has(unit);
}

/** Time-valued trends: the latency tables and the latency percentiles compare judges. */
export function isLatency(m: MetricSummary): boolean {
  return m.kind === 'trend' && isTimeUnit(m.unit);
}

export function isResource(m: MetricSummary): boolean {
  return /cpu|rss|memory|heap|fds|threads|probe_overhead/.test(m.name);
}
