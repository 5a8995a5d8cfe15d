// The figures `emberload compare` judges, pulled out of a RunResult: latency percentiles
// (P50/P95/P99/max of every trend), throughput, drop ratios, CPU core-seconds per unit of work and
// peak RSS. Each figure knows which direction is worse and which tolerance class applies. Pure.
import { RUN_METRICS, type MetricSummary, type RunResult } from '../../protocol/run-result.ts';
import { metricKey } from '../format.ts';
import { isTimeUnit } from '../metric-groups.ts';

export type ToleranceClass = 'p50' | 'p95' | 'p99' | 'max' | 'throughput' | 'drops' | 'cpu' | 'rss';
export const TOLERANCE_CLASSES: readonly ToleranceClass[] = ['p50', 'p95', 'p99', 'max', 'throughput', 'drops', 'cpu', 'rss'];

export interface ComparableFigure {
  /** Stable key across runs, e.g. `sensor_processing_ms p95` or `rss_bytes{role:server} max`. */
  readonly key: string;
  readonly cls: ToleranceClass;
  readonly unit: string;
  readonly better: 'lower' | 'higher';
  readonly value: number;
  /** For percentiles: how many samples lie beyond it (count × (1 − q)); few means a noisy figure. */
  readonly tailSamples?: number;
  /** For trend figures: the sample count behind them. */
  readonly samples?: number;
  /** Latency through a client's event loop (HTTP, alert stream, send→fused), not the server alone. */
  readonly endToEnd?: boolean;
  /** Set when the figure is shown but never judged, with the reason. */
  readonly informational?: string;
}

/**
 * Figures that describe emberload itself rather than the target: the sender's lateness is the load
 * generator's health (it moves with the machine's other load), so it is shown, never judged.
 */
const ABOUT_THE_LOAD_GENERATOR: Readonly<Record<string, string>> = {
  [RUN_METRICS.sensorSendLatenessMs]: "measures emberload's own sender, not the target",
};

/** Latencies observed by a client (our probes), so they include its scheduling and the network stack. */
const END_TO_END = new Set<string>([RUN_METRICS.alertE2eMs, RUN_METRICS.incidentToAlertMs, RUN_METRICS.sensorSendToFusedMs, RUN_METRICS.apiLatencyMs]);

const THROUGHPUT_GAUGES = new Set<string>([RUN_METRICS.sensorPps, RUN_METRICS.aggregateFps]);
const THROUGHPUT_COUNTERS = new Set<string>([RUN_METRICS.framesProcessed, RUN_METRICS.sensorPacketsProcessed]);
const DROP_RATIOS = new Set<string>([RUN_METRICS.droppedFrameRatio, RUN_METRICS.sensorPacketLoss]);

function latencyFigures(m: MetricSummary): ComparableFigure[] {
  const key = metricKey(m.name, m.tags);
  const out: ComparableFigure[] = [];
  const add = (cls: ToleranceClass, label: string, v: number | undefined, q: number | undefined): void => {
    if (v === undefined || !Number.isFinite(v)) return;
    const tail = q !== undefined && m.count !== undefined ? m.count * (1 - q) : undefined;
    const info = ABOUT_THE_LOAD_GENERATOR[m.name];
    out.push({ key: `${key} ${label}`, cls, unit: m.unit, better: 'lower', value: v, ...(tail !== undefined ? { tailSamples: tail } : {}), ...(m.count !== undefined ? { samples: m.count } : {}), ...(info ? { informational: info } : {}), ...(END_TO_END.has(m.name) ? { endToEnd: true } : {}) });
  };
  add('p50', 'p50', m.med, 0.5);
  add('p95', 'p95', m.p95, 0.95);
  add('p99', 'p99', m.p99, 0.99);
  // The maximum is one sample by definition; its wide tolerance stands in for a sample-count rule.
  add('max', 'max', m.max, undefined);
  return out;
}

/** Work done in the run: packets plus frames processed. CPU is normalised by it so runs of different length compare. */
function unitsOfWork(r: RunResult): number {
  let n = 0;
  for (const m of r.metrics) if (THROUGHPUT_COUNTERS.has(m.name) && Object.keys(m.tags).length === 0 && m.count !== undefined) n += m.count;
  return n;
}

export function comparableFigures(r: RunResult): ComparableFigure[] {
  const out: ComparableFigure[] = [];
  let coreSeconds: number | undefined;
  for (const m of r.metrics) {
    const key = metricKey(m.name, m.tags);
    // Only time-valued trends are latencies; the runner also keeps per-second samples of CPU, RSS
    // and packet rates as trends, which are judged below as what they are.
    if (m.kind === 'trend' && isTimeUnit(m.unit)) out.push(...latencyFigures(m));
    else if (THROUGHPUT_GAUGES.has(m.name)) {
      // A gauge's value, or a per-window trend's mean (the mean is what the run sustained).
      const v = m.kind === 'trend' ? m.avg : m.value;
      if (v !== undefined) out.push({ key: `${key} mean`, cls: 'throughput', unit: m.unit, better: 'higher', value: v });
    }
    else if (THROUGHPUT_COUNTERS.has(m.name) && m.rate !== undefined) out.push({ key: `${key} rate`, cls: 'throughput', unit: `${m.unit}/s`, better: 'higher', value: m.rate });
    else if (DROP_RATIOS.has(m.name)) {
      const v = m.value ?? m.rate;
      if (v !== undefined) out.push({ key, cls: 'drops', unit: 'ratio', better: 'lower', value: v });
    } else if (m.name === RUN_METRICS.rssBytes && (m.max ?? m.value) !== undefined) {
      out.push({ key: `${key} max`, cls: 'rss', unit: 'bytes', better: 'lower', value: (m.max ?? m.value) as number });
    } else if (m.name === RUN_METRICS.cpuCoreSeconds && m.count !== undefined) coreSeconds = (coreSeconds ?? 0) + m.count;
  }
  const work = unitsOfWork(r);
  if (coreSeconds !== undefined && work > 0) {
    out.push({ key: 'cpu core-µs per unit of work (packet or frame)', cls: 'cpu', unit: 'core-µs', better: 'lower', value: (coreSeconds * 1e6) / work });
  }
  return out;
}
