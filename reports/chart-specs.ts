// Which charts a run gets, derived from its `series[]` and incidents: one chart per series name
// (one line per tag set), grouped into sections, plus the incident→alert timeline. Shared by the HTML
// report and the PNG renderer so both always show the same figures. Pure.
import type { RunResult, ThresholdVerdict, TimeSeries } from '../protocol/run-result.ts';
import { tagsLabel } from './format.ts';

export type ChartSection = 'latency' | 'throughput' | 'fps' | 'drops' | 'resources' | 'queues' | 'other' | 'incidents';

export const SECTION_TITLES: Readonly<Record<ChartSection, string>> = {
  latency: 'Latency percentiles over time',
  throughput: 'Throughput',
  fps: 'Processed frames per second, per camera',
  drops: 'Drops',
  resources: 'CPU and memory',
  queues: 'Queue depth',
  other: 'Other series',
  incidents: 'Incident → alert timeline',
};

export interface ChartDataset {
  readonly label: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  /** Threshold limits are drawn dashed; missed incidents as crosses. */
  readonly style: 'line' | 'limit' | 'points' | 'missed';
}

export interface ChartSpec {
  /** File-name safe id: charts/<id>.png, canvas#chart-<id>. */
  readonly id: string;
  readonly section: ChartSection;
  readonly title: string;
  /** How the figure was measured/aggregated, shown under the title. */
  readonly subtitle: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly datasets: readonly ChartDataset[];
}

/** A threshold line is drawn only when it is within this factor of the data's maximum. */
export const LIMIT_HEADROOM = 4;

/** More points than pixels only slows the browser; buckets keep the shape. */
export const MAX_POINTS_PER_LINE = 600;

function sectionOf(s: TimeSeries): ChartSection {
  const n = s.name.toLowerCase();
  if (n.includes('queue')) return 'queues';
  if (n.includes('drop') || n.includes('loss') || n.includes('lost')) return 'drops';
  if (n.includes('fps') && s.tags['camera'] !== undefined) return 'fps';
  if (/cpu|rss|memory|heap|fds|threads/.test(n)) return 'resources';
  if (s.unit === 'ms' || s.unit === 'us' || s.unit === 's' || n.endsWith('_ms')) return 'latency';
  if (n.includes('fps') || n.includes('pps') || s.unit.endsWith('/s') || n.includes('throughput') || n.includes('rate')) return 'throughput';
  return 'other';
}

/** Latency and drops keep the bucket maximum (a spike must stay visible); the rest the mean. */
export function downsample(points: ReadonlyArray<readonly [number, number]>, maxPoints: number, keepMax: boolean): Array<readonly [number, number]> {
  if (points.length <= maxPoints) return points.slice();
  const size = Math.ceil(points.length / maxPoints);
  const out: Array<readonly [number, number]> = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    const ys = bucket.map((p) => p[1]);
    const y = keepMax ? Math.max(...ys) : ys.reduce((a, b) => a + b, 0) / ys.length;
    out.push([(bucket[0] as readonly [number, number])[0], y]);
  }
  return out;
}

/** Bytes plot as MiB and ratios as percent, so axes read naturally. */
function displayUnit(unit: string): { label: string; factor: number } {
  if (unit === 'bytes') return { label: 'MiB', factor: 1 / (1024 * 1024) };
  if (unit === 'ratio') return { label: '%', factor: 100 };
  return { label: unit, factor: 1 };
}

function safeId(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}

/**
 * Thresholds drawn on a chart: a percentile threshold whose aggregation matches one of its lines,
 * either by a `stat` tag (`sensor_processing_ms{stat:p95}` ↔ `p(95)`) or by the scenario runner's
 * naming (`sensor_processing_p95_ms` ↔ `sensor_processing_ms` `p(95)`).
 */
function limitFor(thresholds: readonly ThresholdVerdict[], name: string, statTags: readonly string[]): ThresholdVerdict[] {
  const named = /^(.*)_p(\d+)_ms$/.exec(name);
  return thresholds.filter((t) => {
    if (Object.keys(t.tags).length > 0) return false;
    const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(t.aggregation);
    if (m === null) return false;
    const stat = `p${(m[1] ?? '').replace('.', '')}`;
    if (t.metric === name) return statTags.includes(stat);
    return named !== null && t.metric === `${named[1]}_ms` && `p${named[2]}` === stat;
  });
}

function seriesChart(name: string, group: readonly TimeSeries[], section: ChartSection, result: RunResult): ChartSpec {
  const unit = group[0]?.unit ?? '';
  const { label: yUnit, factor } = displayUnit(unit);
  const keepMax = section === 'latency' || section === 'drops' || section === 'queues';
  const longest = Math.max(...group.map((s) => s.points.length));
  const datasets: ChartDataset[] = group.map((s) => ({
    label: tagsLabel(s.tags) || name,
    style: 'line',
    points: downsample(s.points, MAX_POINTS_PER_LINE, keepMax).map(([x, y]) => [x, y * factor] as const),
  }));
  const xs = group.flatMap((s) => s.points.map((p) => p[0]));
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const yMax = Math.max(...datasets.flatMap((d) => d.points.map((p) => p[1])));
  const offChart: string[] = [];
  for (const t of limitFor(result.thresholds, name, group.map((s) => s.tags['stat'] ?? ''))) {
    // A limit far above the data would flatten every line against the axis; name it instead.
    if (t.limit * factor > LIMIT_HEADROOM * yMax) offChart.push(`limit ${t.expression} is far above the data`);
    else datasets.push({ label: `limit ${t.expression}`, style: 'limit', points: [[xMin, t.limit * factor], [xMax, t.limit * factor]] });
  }
  const method = (longest > MAX_POINTS_PER_LINE ? ` (${keepMax ? 'max' : 'mean'} of each ${Math.ceil(longest / MAX_POINTS_PER_LINE)} samples)` : '') + offChart.map((x) => `; ${x}`).join('');
  return {
    id: safeId(name),
    section,
    title: `${name} (${yUnit || 'value'})`,
    subtitle: `one value per sampling interval${method}; lines: ${group.length}`,
    xLabel: 'run time (s)',
    yLabel: yUnit,
    datasets,
  };
}

function incidentChart(result: RunResult): ChartSpec | undefined {
  if (result.incidents.length === 0) return undefined;
  const at = (ms: number): number => Math.round((ms - result.startedAtMs) / 100) / 10;
  const detected = result.incidents.filter((i) => i.detected && i.latencyMs !== undefined);
  const missed = result.incidents.filter((i) => !i.detected || i.latencyMs === undefined);
  const top = Math.max(1, ...detected.map((i) => i.latencyMs ?? 0));
  const datasets: ChartDataset[] = [{ label: 'injection → alert (ms)', style: 'points', points: detected.map((i) => [at(i.injectedAtMs), i.latencyMs ?? 0] as const) }];
  if (missed.length > 0) datasets.push({ label: 'missed: no alert (drawn at the top)', style: 'missed', points: missed.map((i) => [at(i.injectedAtMs), top * 1.1] as const) });
  return {
    id: 'incident-alert-timeline',
    section: 'incidents',
    title: 'Incident → alert latency (ms) by injection time',
    subtitle: `${detected.length} detected, ${missed.length} missed; latency from injection to the alert on the live stream`,
    xLabel: 'injected at, run time (s)',
    yLabel: 'ms',
    datasets,
  };
}

const SECTION_ORDER: readonly ChartSection[] = ['latency', 'throughput', 'fps', 'drops', 'resources', 'queues', 'other', 'incidents'];

export function chartSpecs(result: RunResult): ChartSpec[] {
  const byName = new Map<string, TimeSeries[]>();
  for (const s of result.series) {
    if (s.points.length === 0) continue;
    const list = byName.get(s.name) ?? [];
    list.push(s);
    byName.set(s.name, list);
  }
  const specs: ChartSpec[] = [];
  for (const [name, group] of byName) specs.push(seriesChart(name, group, sectionOf(group[0] as TimeSeries), result));
  const inc = incidentChart(result);
  if (inc) specs.push(inc);
  // Ids must be unique because they name files and canvases.
  const seen = new Map<string, number>();
  return specs
    .sort((a, b) => SECTION_ORDER.indexOf(a.section) - SECTION_ORDER.indexOf(b.section))
    .map((s) => {
      const n = seen.get(s.id) ?? 0;
      seen.set(s.id, n + 1);
      return n === 0 ? s : { ...s, id: `${s.id}-${n + 1}` };
    });
}
