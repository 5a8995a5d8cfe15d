// Baseline(s) vs candidate(s): per-figure deltas and a noise-aware verdict. Refuses comparisons that
// would be silently wrong (different phases unless asked for a cross-phase diff, mixed baselines) and
// warns about ones that are merely doubtful (other machine, other profile, aborted runs). Pure.
import { EmberError } from '../../protocol/errors.ts';
import type { RunResult } from '../../protocol/run-result.ts';
import { comparableFigures, type ComparableFigure, type ToleranceClass } from './comparable-metrics.ts';
import { noiseTest, type NoiseTest } from './noise-test.ts';
import { DEFAULT_TOLERANCES, type Tolerance, type ToleranceTable } from './tolerance.ts';
import { describeDifferences } from './run-differences.ts';
import { CONTENDED_SENDER_P50_MS, CONTENDED_SENDER_P95_MS, contendedRuns, describeContended, policyVerdict } from './figure-policy.ts';

export type FigureVerdict = 'regressed' | 'improved' | 'unchanged' | 'not-comparable' | 'informational';

export interface ComparisonRow {
  readonly key: string;
  readonly cls: ToleranceClass;
  readonly unit: string;
  readonly better: 'lower' | 'higher';
  /** Mean over the baseline runs (the single value when there is one). */
  readonly baseline: number | null;
  readonly candidate: number | null;
  readonly deltaAbs: number | null;
  /** (candidate − baseline) / |baseline|; null when the baseline is 0 or missing. */
  readonly deltaRel: number | null;
  readonly tolerance: Tolerance;
  readonly verdict: FigureVerdict;
  readonly test?: NoiseTest;
  readonly note: string;
}

export interface RunRef {
  readonly runId: string;
  readonly phase: string;
  readonly profile: string;
  readonly hostname: string;
  readonly gitCommit?: string;
}

export interface Comparison {
  readonly baselines: readonly RunRef[];
  readonly candidates: readonly RunRef[];
  /** A diff against another phase: loads differ, so verdicts are informational and never fail. */
  readonly crossPhase: boolean;
  readonly warnings: readonly string[];
  /** How the verdict was reached (repeats, test used). */
  readonly notes: readonly string[];
  readonly rows: readonly ComparisonRow[];
  readonly counts: Readonly<Record<FigureVerdict, number>>;
  readonly verdict: 'regressed' | 'unchanged' | 'improved' | 'informational';
}

export interface CompareOptions {
  readonly tolerances?: ToleranceTable;
  readonly crossPhase?: boolean;
}

const LATENCY_CLASSES = new Set<ToleranceClass>(['p50', 'p95', 'p99', 'max']);

/** Latency floors are written in ms; scale them to the figure's own time unit. */
function floorInUnit(cls: ToleranceClass, unit: string, floor: number): number {
  if (!LATENCY_CLASSES.has(cls)) return floor;
  return unit === 's' ? floor / 1000 : unit === 'us' || unit === 'µs' ? floor * 1000 : floor;
}

function ref(r: RunResult): RunRef {
  return { runId: r.runId, phase: r.phase, profile: r.profile, hostname: r.environment.hostname, ...(r.environment.gitCommit ? { gitCommit: r.environment.gitCommit } : {}) };
}

function meanOf(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function judgeFigure(cls: ToleranceClass, unit: string, better: 'lower' | 'higher', baseline: readonly number[], candidate: readonly number[], tolerance: Tolerance): Pick<ComparisonRow, 'baseline' | 'candidate' | 'deltaAbs' | 'deltaRel' | 'verdict' | 'note'> & { test?: NoiseTest } {
  if (baseline.length === 0 || candidate.length === 0) {
    return { baseline: baseline.length ? meanOf(baseline) : null, candidate: candidate.length ? meanOf(candidate) : null, deltaAbs: null, deltaRel: null, verdict: 'not-comparable', note: baseline.length === 0 ? 'missing in the baseline' : 'missing in the candidate' };
  }
  const b = meanOf(baseline);
  const c = meanOf(candidate);
  const deltaAbs = c - b;
  const deltaRel = b === 0 ? null : deltaAbs / Math.abs(b);
  const allowed = Math.max(tolerance.relative * Math.abs(b), floorInUnit(cls, unit, tolerance.absoluteFloor));
  const base = { baseline: b, candidate: c, deltaAbs, deltaRel };
  if (Math.abs(deltaAbs) <= allowed) return { ...base, verdict: 'unchanged', note: '' };
  const worse = better === 'lower' ? deltaAbs > 0 : deltaAbs < 0;
  const test = noiseTest(baseline, candidate);
  if (test && !test.significant) {
    return { ...base, test, verdict: 'unchanged', note: `beyond tolerance but within run-to-run noise (t=${test.t.toFixed(2)}, df=${test.df}, needs |t|>${test.critical})` };
  }
  return { ...base, ...(test ? { test } : {}), verdict: worse ? 'regressed' : 'improved', note: test ? `significant (t=${test.t.toFixed(2)}, df=${test.df})` : '' };
}

export function compareRuns(baselines: readonly RunResult[], candidates: readonly RunResult[], opts: CompareOptions = {}): Comparison {
  const tolerances = opts.tolerances ?? DEFAULT_TOLERANCES;
  const first = baselines[0];
  const cand = candidates[0];
  if (!first || !cand) throw new EmberError('EMBER_ERR_REPORT_COMPARE_INPUT', 'need at least one baseline and one candidate', [{ path: 'runs', rule: 'give a baseline and a candidate', received: `${baselines.length} baseline(s), ${candidates.length} candidate(s)` }]);
  const { warnings, notes, crossPhase } = describeDifferences(baselines, candidates, opts.crossPhase ?? false);

  const collect = (runs: readonly RunResult[]): Map<string, { fig: ComparableFigure; figs: ComparableFigure[]; values: number[] }> => {
    const m = new Map<string, { fig: ComparableFigure; figs: ComparableFigure[]; values: number[] }>();
    for (const r of runs) for (const f of comparableFigures(r)) {
      const e = m.get(f.key);
      if (e) {
        e.values.push(f.value);
        e.figs.push(f);
      } else m.set(f.key, { fig: f, figs: [f], values: [f.value] });
    }
    return m;
  };
  const contended = contendedRuns([...baselines, ...candidates]);
  if (contended.length > 0) {
    warnings.push(`machine contended: the load generator ran late (${contended.map(describeContended).join('; ')}; limits: P50 ${CONTENDED_SENDER_P50_MS} ms, P95 ${CONTENDED_SENDER_P95_MS} ms), so latency and throughput are not compared; CPU per unit of work, RSS and drops still are. Re-run on a quieter machine.`);
  }
  const ctx = { baselineRuns: baselines.length, contended };
  const b = collect(baselines);
  const c = collect(candidates);
  const keys = [...new Set([...b.keys(), ...c.keys()])];
  const rows: ComparisonRow[] = keys.map((key) => {
    const fig = (b.get(key) ?? c.get(key))?.fig as ComparableFigure;
    const tolerance = tolerances[fig.cls];
    const judged = judgeFigure(fig.cls, fig.unit, fig.better, b.get(key)?.values ?? [], c.get(key)?.values ?? [], tolerance);
    const policy = judged.verdict === 'not-comparable' ? undefined : policyVerdict([...(b.get(key)?.figs ?? []), ...(c.get(key)?.figs ?? [])], tolerance, ctx);
    if (policy) {
      const would = policy.verdict === 'informational' && judged.verdict !== 'unchanged' ? `; beyond tolerance it would count as ${judged.verdict}` : '';
      return { key, cls: fig.cls, unit: fig.unit, better: fig.better, tolerance, ...judged, verdict: policy.verdict, note: `${policy.note}${would}` };
    }
    return { key, cls: fig.cls, unit: fig.unit, better: fig.better, tolerance, ...judged };
  });
  const counts: Record<FigureVerdict, number> = { regressed: 0, improved: 0, unchanged: 0, 'not-comparable': 0, informational: 0 };
  for (const r of rows) counts[r.verdict]++;
  const verdict = crossPhase ? 'informational' : counts.regressed > 0 ? 'regressed' : counts.improved > 0 ? 'improved' : 'unchanged';
  return { baselines: baselines.map(ref), candidates: candidates.map(ref), crossPhase, warnings, notes, rows, counts, verdict };
}
