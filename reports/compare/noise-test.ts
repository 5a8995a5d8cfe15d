// Is a difference bigger than run-to-run noise? With repeats we use Student's t from
// simple-statistics: one candidate against n baselines is a prediction-interval test
// (t = (c − mean)/(s·√(1 + 1/n)) with the sample standard deviation); several candidates against
// several baselines use the two-sample t test. One-sided at α = 0.05 in the direction observed.
import { mean, sampleStandardDeviation, tTestTwoSample } from 'simple-statistics';

// Student's t, one-sided 0.95 quantile, df 1…30 (standard tables).
const T95 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697] as const;

export function tCritical95(df: number): number {
  if (df < 1) return Number.POSITIVE_INFINITY;
  if (df <= 30) return T95[df - 1] as number;
  return df <= 40 ? 1.684 : df <= 60 ? 1.671 : df <= 120 ? 1.658 : 1.645;
}

export interface NoiseTest {
  readonly method: 'prediction-t' | 'two-sample-t';
  readonly t: number;
  readonly df: number;
  readonly critical: number;
  /** True when the difference is unlikely (p < 0.05, one-sided) to be noise. */
  readonly significant: boolean;
}

/** undefined when there are no repeats to estimate noise from (then only the tolerance decides). */
export function noiseTest(baseline: readonly number[], candidate: readonly number[]): NoiseTest | undefined {
  if (baseline.length < 2) return undefined;
  if (candidate.length >= 2) {
    const t = tTestTwoSample(candidate, baseline, 0);
    if (t === null) return undefined;
    const df = baseline.length + candidate.length - 2;
    return finish('two-sample-t', t, df);
  }
  const c = candidate[0];
  if (c === undefined) return undefined;
  const n = baseline.length;
  const m = mean([...baseline]);
  const s = sampleStandardDeviation([...baseline]);
  // No spread in the baselines: any difference at all is outside their noise.
  if (s === 0) return finish('prediction-t', c === m ? 0 : Math.sign(c - m) * Number.POSITIVE_INFINITY, n - 1);
  return finish('prediction-t', (c - m) / (s * Math.sqrt(1 + 1 / n)), n - 1);
}

function finish(method: NoiseTest['method'], t: number, df: number): NoiseTest {
  const critical = tCritical95(df);
  return { method, t, df, critical, significant: Math.abs(t) > critical };
}
