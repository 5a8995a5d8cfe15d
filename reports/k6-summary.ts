// summary.json in k6's handleSummary `data` shape (legacy model, load-tool-anchors.md §4.2), so tools
// built for k6 (k6-jslib-summary's textSummary/jUnit, k6-reporter) read emberload runs unchanged.
// Trend values are in the metric's unit (ms for latency, as k6's "time" metrics).
import { createHash } from 'node:crypto';
import type { MetricSummary, RunResult } from '../protocol/run-result.ts';
import { metricKey } from './format.ts';

export interface K6Metric {
  type: 'trend' | 'counter' | 'gauge' | 'rate';
  contains: 'time' | 'data' | 'default';
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6SummaryData {
  readonly root_group: { name: string; path: string; id: string; groups: never[]; checks: never[] };
  readonly options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  readonly state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  readonly metrics: Record<string, K6Metric>;
  /** Not in k6: our own verdicts (k6 has no not-applicable), for tools that know emberload. */
  readonly emberload: { runId: string; phase: string; profile: string; status: string; verdict: string; schemaVersion: number };
}

const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'] as const;

function contains(unit: string): K6Metric['contains'] {
  return unit === 'ms' || unit === 's' || unit === 'us' ? 'time' : unit === 'bytes' ? 'data' : 'default';
}

function values(m: MetricSummary): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (k: string, v: number | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  switch (m.kind) {
    case 'trend':
      put('avg', m.avg); put('min', m.min); put('med', m.med); put('max', m.max);
      put('p(90)', m.p90); put('p(95)', m.p95); put('p(99)', m.p99); put('p(99.9)', m.p999); put('count', m.count);
      break;
    case 'counter':
      put('count', m.count); put('rate', m.rate);
      break;
    case 'gauge':
      put('value', m.value); put('min', m.min); put('max', m.max);
      break;
    case 'rate':
      put('rate', m.rate ?? m.value); put('passes', m.passes); put('fails', m.fails);
      break;
  }
  return out;
}

export function toK6Summary(result: RunResult): K6SummaryData {
  const metrics: Record<string, K6Metric> = {};
  for (const m of result.metrics) metrics[metricKey(m.name, m.tags)] = { type: m.kind, contains: contains(m.unit), values: values(m) };
  for (const t of result.thresholds) {
    const key = metricKey(t.metric, t.tags);
    // A threshold on a metric with no data still shows up, like k6's sub-metrics named by a threshold.
    const entry = (metrics[key] ??= { type: /^p\(|^(avg|med|min|max)$/.test(t.aggregation) ? 'trend' : t.aggregation === 'count' ? 'counter' : t.aggregation === 'rate' ? 'rate' : 'gauge', contains: contains(t.unit), values: {} });
    // k6 passes a threshold that has no samples; not-applicable maps to ok for the same reason.
    (entry.thresholds ??= {})[t.expression] = { ok: t.verdict === 'pass' || t.verdict === 'not-applicable' };
  }
  return {
    root_group: { name: '', path: '', id: createHash('md5').update('').digest('hex'), groups: [], checks: [] },
    options: { summaryTrendStats: [...TREND_STATS], summaryTimeUnit: 'ms', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: result.durationS * 1000 },
    metrics,
    emberload: { runId: result.runId, phase: result.phase, profile: result.profile, status: result.status, verdict: result.verdict, schemaVersion: result.schemaVersion },
  };
}
