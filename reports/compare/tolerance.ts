// How much a figure may move before compare calls it a change: a relative tolerance plus an absolute
// floor (a 0.2 ms P50 moving to 0.3 ms is +50 % but meaningless on a shared 2-core box). Defaults and
// the measurement behind them are documented in docs/reports.md ("Choosing the tolerance").
import { EmberError, type Problem } from '../../protocol/errors.ts';
import { TOLERANCE_CLASSES, type ToleranceClass } from './comparable-metrics.ts';

export interface Tolerance {
  /** Allowed change as a fraction of the baseline (0.2 = 20 %). */
  readonly relative: number;
  /** Changes smaller than this (in the figure's unit: ms, ratio, bytes…) never count. */
  readonly absoluteFloor: number;
  /**
   * 'always'; 'with-repeats': only against ≥ 3 baseline repeats, where a t test measures the noise
   * (tails of a 1-minute run move several-fold on a shared machine); 'never': shown with its delta only.
   */
  readonly judged: 'always' | 'with-repeats' | 'never';
}

export type ToleranceTable = Readonly<Record<ToleranceClass, Tolerance>>;

// Why these numbers (measured spread in docs/ci.md): P95 must catch the 30 % regression, so
// its tolerance sits below 30 %; same-build P95 of server processing moved 12 % between runs, and the
// 0.5 ms floor absorbs sub-millisecond jitter. P99 of a 1-minute smoke run moved up to 7× between runs
// of one build, so it is judged only against repeats; max is one sample and only shown.
export const DEFAULT_TOLERANCES: ToleranceTable = {
  p50: { relative: 0.2, absoluteFloor: 0.5, judged: 'always' },
  p95: { relative: 0.2, absoluteFloor: 0.5, judged: 'always' },
  p99: { relative: 0.35, absoluteFloor: 2, judged: 'with-repeats' },
  max: { relative: 1.0, absoluteFloor: 5, judged: 'never' },
  throughput: { relative: 0.1, absoluteFloor: 0, judged: 'always' },
  drops: { relative: 0.5, absoluteFloor: 0.01, judged: 'always' },
  cpu: { relative: 0.25, absoluteFloor: 0, judged: 'always' },
  rss: { relative: 0.3, absoluteFloor: 16 * 1024 * 1024, judged: 'always' },
};

function parsePercent(text: string): number | undefined {
  const t = text.trim();
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1) : t);
  if (t === '' || t === '%' || !Number.isFinite(n) || n < 0) return undefined;
  return pct ? n / 100 : n;
}

/**
 * `--tolerance` values: `20%` or `0.2` sets every class's relative tolerance; `p95=15%` sets one
 * class; `p95.floor=1` sets one class's absolute floor (in the figure's unit). Every bad value is
 * reported at once.
 */
export function parseTolerances(values: readonly string[], base: ToleranceTable = DEFAULT_TOLERANCES): ToleranceTable {
  const out: Record<ToleranceClass, Tolerance> = { ...base };
  const problems: Problem[] = [];
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq === -1) {
      const rel = parsePercent(raw);
      if (rel === undefined) problems.push({ path: '--tolerance', rule: 'must be a non-negative fraction or percentage (0.2 or 20%), or <class>=<value>', received: raw });
      else for (const c of TOLERANCE_CLASSES) out[c] = { ...out[c], relative: rel };
      continue;
    }
    const [cls, field] = raw.slice(0, eq).split('.') as [string, string | undefined];
    const value = parsePercent(raw.slice(eq + 1));
    if (!(TOLERANCE_CLASSES as readonly string[]).includes(cls)) {
      problems.push({ path: '--tolerance', rule: `class must be one of ${TOLERANCE_CLASSES.join(', ')}`, received: raw });
    } else if (field !== undefined && field !== 'floor') {
      problems.push({ path: '--tolerance', rule: 'only `<class>.floor=<value>` may follow a class with a dot', received: raw });
    } else if (value === undefined) {
      problems.push({ path: '--tolerance', rule: 'value must be a non-negative number or percentage', received: raw });
    } else {
      const c = cls as ToleranceClass;
      // Naming a class explicitly also asks for it to be judged (max is not, by default).
      out[c] = field === 'floor' ? { ...out[c], absoluteFloor: value, judged: 'always' } : { ...out[c], relative: value, judged: 'always' };
    }
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', `${problems.length} problem(s)`, problems);
  return out;
}
