// Threshold evaluation over the registry: continuously (every 2 s, k6's cadence) and once at the end.
// Unlike k6, a threshold whose metric has no data is NOT a pass: it is reported as not-applicable
// with a note saying why, so a gate can never pass on missing evidence.
import type { ThresholdVerdict, Verdict } from '../../protocol/run-result.ts';
import type { MetricRegistry, Reading } from '../metrics/registry.ts';
import { compare } from './expression.ts';
import { METRIC_CATALOG } from './metric-catalog.ts';
import type { ThresholdSpec } from './definitions.ts';

/** The value an aggregation reads from a reading; null when there is no data for it. */
export function aggregate(reading: Reading, spec: ThresholdSpec, elapsedS: number): number | null {
  const a = spec.parsed.aggregation;
  switch (reading.kind) {
    case 'counter':
      if (a.method === 'count') return reading.count;
      return elapsedS > 0 ? reading.count / elapsedS : null;
    case 'rate':
      return reading.total === 0 ? null : reading.passes / reading.total;
    case 'gauge':
      return a.method === 'min' ? (reading.min ?? reading.value) : a.method === 'max' ? (reading.max ?? reading.value) : reading.value;
    case 'trend': {
      const t = reading.trend;
      if (t.count === 0) return null;
      if (a.method === 'p') return t.quantile(a.percentile);
      if (a.method === 'med') return t.quantile(50);
      if (a.method === 'avg') return t.avg;
      if (a.method === 'min') return t.min;
      if (a.method === 'max') return t.max;
      return null;
    }
  }
}

export interface EvaluationContext {
  readonly registry: MetricRegistry;
  readonly elapsedS: number;
  /** Specs (by index) that cannot apply to this target, with the reason. */
  readonly notApplicable: ReadonlyMap<number, string>;
}

export interface SingleEvaluation {
  readonly observed: number | null;
  readonly verdict: Verdict;
  readonly note: string;
}

export function evaluateOne(spec: ThresholdSpec, index: number, ctx: EvaluationContext): SingleEvaluation {
  const na = ctx.notApplicable.get(index);
  if (na !== undefined) return { observed: null, verdict: 'not-applicable', note: na };
  const reading = ctx.registry.get(spec.metric, spec.tags);
  if (!reading) return { observed: null, verdict: 'not-applicable', note: 'no data: the metric was never reported during the run' };
  const observed = aggregate(reading, spec, ctx.elapsedS);
  if (observed === null) return { observed: null, verdict: 'not-applicable', note: `no data for ${spec.parsed.aggregationText} (no samples)` };
  return { observed, verdict: compare(observed, spec.parsed.operator, spec.parsed.limit) ? 'pass' : 'fail', note: '' };
}

/** Runs every 2 s during the run; remembers first failures and decides abortOnFail. */
export class ContinuousEvaluator {
  private readonly firstFailedAtS = new Map<number, number>();
  constructor(
    readonly specs: readonly ThresholdSpec[],
    private readonly notApplicable: ReadonlyMap<number, string>,
  ) {}

  /** Returns the spec that demands an abort, if any. */
  tick(registry: MetricRegistry, elapsedS: number): ThresholdSpec | undefined {
    let abort: ThresholdSpec | undefined;
    this.specs.forEach((spec, i) => {
      const r = evaluateOne(spec, i, { registry, elapsedS, notApplicable: this.notApplicable });
      if (r.verdict !== 'fail') return;
      if (!this.firstFailedAtS.has(i)) this.firstFailedAtS.set(i, elapsedS);
      if (spec.abortOnFail && elapsedS * 1000 >= spec.delayAbortEvalMs && abort === undefined) abort = spec;
    });
    return abort;
  }

  /** Whether any threshold is failing right now (for the progress line). */
  failingNow(registry: MetricRegistry, elapsedS: number): number {
    return this.specs.filter((s, i) => evaluateOne(s, i, { registry, elapsedS, notApplicable: this.notApplicable }).verdict === 'fail').length;
  }

  final(registry: MetricRegistry, elapsedS: number): ThresholdVerdict[] {
    return this.specs.map((spec, i) => {
      const r = evaluateOne(spec, i, { registry, elapsedS, notApplicable: this.notApplicable });
      const first = this.firstFailedAtS.get(i) ?? (r.verdict === 'fail' ? elapsedS : undefined);
      return {
        metric: spec.metric,
        tags: spec.tags,
        expression: spec.expression,
        aggregation: spec.parsed.aggregationText,
        operator: spec.parsed.operator,
        limit: spec.parsed.limit,
        observed: r.observed,
        unit: METRIC_CATALOG[spec.metric].unit,
        verdict: r.verdict,
        note: r.note,
        abortOnFail: spec.abortOnFail,
        ...(first !== undefined ? { firstFailedAtS: first } : {}),
      };
    });
  }
}

/** Gate verdict: any fail → fail; else pass if at least one passed; all not-applicable → not-applicable. */
export function overallVerdict(verdicts: readonly ThresholdVerdict[], aborted: boolean): Verdict {
  if (verdicts.some((v) => v.verdict === 'fail')) return 'fail';
  if (aborted) return 'aborted';
  return verdicts.some((v) => v.verdict === 'pass') ? 'pass' : 'not-applicable';
}
