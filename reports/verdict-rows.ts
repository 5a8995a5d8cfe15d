// The verdict table every output starts with: one row per threshold, observed value and limit in the
// threshold's own unit. Markdown, HTML, JUnit and the step summary all render these rows, so the
// figures cannot disagree between formats.
import type { RunResult, ThresholdVerdict, Verdict } from '../protocol/run-result.ts';
import { formatValue, metricKey } from './format.ts';

export interface VerdictRow {
  /** `metric{tag:value}` — the k6 sub-metric key. */
  readonly key: string;
  readonly metric: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly expression: string;
  readonly observed: number | null;
  readonly observedText: string;
  readonly limitText: string;
  readonly unit: string;
  readonly verdict: Verdict;
  readonly note: string;
}

export function verdictRow(t: ThresholdVerdict): VerdictRow {
  const note = t.firstFailedAtS !== undefined ? `${t.note ? `${t.note}; ` : ''}first failed at ${t.firstFailedAtS} s` : t.note;
  return {
    key: metricKey(t.metric, t.tags),
    metric: t.metric,
    tags: t.tags,
    expression: t.expression,
    observed: t.observed,
    observedText: t.observed === null ? 'no data' : `${t.aggregation}=${formatValue(t.observed, t.unit)}`,
    limitText: `${t.operator} ${formatValue(t.limit, t.unit)}`,
    unit: t.unit,
    verdict: t.verdict,
    note: note + (t.abortOnFail ? `${note ? '; ' : ''}aborts the run on failure` : ''),
  };
}

/** Failing rows first (what a reader looks for), then the rest in their declared order. */
export function verdictRows(result: Pick<RunResult, 'thresholds'>): VerdictRow[] {
  const rank = (v: Verdict): number => (v === 'fail' || v === 'aborted' ? 0 : v === 'pass' ? 1 : 2);
  return result.thresholds
    .map((t, i) => ({ row: verdictRow(t), i }))
    .sort((a, b) => rank(a.row.verdict) - rank(b.row.verdict) || a.i - b.i)
    .map((x) => x.row);
}

export interface VerdictCounts {
  readonly pass: number;
  readonly fail: number;
  readonly notApplicable: number;
}

export function countVerdicts(result: Pick<RunResult, 'thresholds'>): VerdictCounts {
  let pass = 0;
  let fail = 0;
  let notApplicable = 0;
  for (const t of result.thresholds) {
    if (t.verdict === 'pass') pass++;
    else if (t.verdict === 'not-applicable') notApplicable++;
    else fail++;
  }
  return { pass, fail, notApplicable };
}
