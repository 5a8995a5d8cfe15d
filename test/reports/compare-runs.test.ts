// compare: catches an injected 30 % P95 regression, stays quiet on two runs with small noise, and
// refuses or warns on comparisons that would be silently wrong.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isEmberError } from '../../protocol/errors.ts';
import type { RunResult } from '../../protocol/run-result.ts';
import { compareRuns, judgeFigure } from '../../reports/compare/compare-runs.ts';
import { noiseTest, tCritical95 } from '../../reports/compare/noise-test.ts';
import { DEFAULT_TOLERANCES, parseTolerances } from '../../reports/compare/tolerance.ts';
import { makeRunResult } from '../fixtures/run-results/make-fixture.ts';

const t = suite('compare-runs');

const row = (c: ReturnType<typeof compareRuns>, key: string) => {
  const r = c.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}; have ${c.rows.map((x) => x.key).join(', ')}`);
  return r;
};

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isEmberError(err) ? err.code : `non-ember: ${String(err)}`;
  }
  return undefined;
}

t('an injected 30 % sensor-processing regression is caught at P95 and the comparison regresses', () => {
  const base = makeRunResult({ seed: 21 });
  const cand = makeRunResult({ seed: 22, sensorLatencyScale: 1.3 });
  const c = compareRuns([base], [cand]);
  const p95 = row(c, 'sensor_processing_ms p95');
  assert.is(p95.verdict, 'regressed');
  assert.ok((p95.deltaRel ?? 0) > 0.2, `delta ${p95.deltaRel}`);
  assert.is(c.verdict, 'regressed');
  assert.ok(c.counts.regressed >= 1);
});

t('two runs of the same build with small noise are unchanged, for many seed pairs', () => {
  for (let seed = 100; seed < 120; seed += 2) {
    const c = compareRuns([makeRunResult({ seed })], [makeRunResult({ seed: seed + 1 })]);
    const bad = c.rows.filter((r) => r.verdict === 'regressed' || r.verdict === 'improved');
    assert.equal(bad.map((r) => `${r.key} ${r.deltaRel}`), [], `seeds ${seed}/${seed + 1}`);
    assert.is(c.verdict, 'unchanged');
  }
});

t('an improvement beyond tolerance is reported as improved, not regressed', () => {
  const c = compareRuns([makeRunResult({ seed: 31 })], [makeRunResult({ seed: 32, sensorLatencyScale: 0.6 })]);
  assert.is(row(c, 'sensor_processing_ms p95').verdict, 'improved');
  assert.is(c.verdict, 'improved');
});

t('percentiles resting on too few samples are shown but not judged', () => {
  const c = compareRuns([makeRunResult({ seed: 41 })], [makeRunResult({ seed: 42 })]);
  const p95 = row(c, 'alert_e2e_ms p95'); // 40 alerts: 2 samples beyond P95
  assert.is(p95.verdict, 'not-comparable');
  assert.match(p95.note, /too few samples/);
  assert.ok(p95.baseline !== null && p95.candidate !== null);
});

t('absolute floor: a sub-millisecond change is unchanged even when large in percent', () => {
  const j = judgeFigure('p50', 'ms', 'lower', [0.2], [0.35], DEFAULT_TOLERANCES.p50);
  assert.is(j.verdict, 'unchanged');
  assert.ok((j.deltaRel ?? 0) > 0.7);
  const s = judgeFigure('p50', 's', 'lower', [0.0002], [0.00035], DEFAULT_TOLERANCES.p50);
  assert.is(s.verdict, 'unchanged', 'floor is scaled to seconds');
});

t('max is shown but not judged unless asked for; the sender-lateness figure is never judged', () => {
  const base = makeRunResult({ seed: 81 });
  const slow = { ...base, runId: 'slow', metrics: base.metrics.map((m) => (m.name === 'sensor_processing_ms' ? { ...m, max: (m.max ?? 0) * 4 } : m)) };
  const c = compareRuns([base], [slow]);
  const max = row(c, 'sensor_processing_ms max');
  assert.is(max.verdict, 'informational');
  assert.match(max.note, /max is shown, not judged .*would count as regressed/);
  assert.is(c.verdict, 'unchanged');
  assert.is(row(compareRuns([base], [slow], { tolerances: parseTolerances(['max=100%']) }), 'sensor_processing_ms max').verdict, 'regressed');
  const lateBase = { ...base, metrics: [...base.metrics, { name: 'sensor_send_lateness_ms', kind: 'trend' as const, unit: 'ms', tags: {}, source: 'x', count: 5000, med: 0.3, p95: 10, p99: 40, max: 100 }] };
  const lateCand = { ...lateBase, metrics: lateBase.metrics.map((m) => (m.name === 'sensor_send_lateness_ms' ? { ...m, p95: 40 } : m)) };
  const late = row(compareRuns([lateBase], [lateCand]), 'sensor_send_lateness_ms p95');
  assert.is(late.verdict, 'informational');
  assert.match(late.note, /emberload's own sender/);
});

t('a contended machine (late sender) makes latency and throughput not comparable, but CPU and RSS still count', () => {
  const base = makeRunResult({ seed: 85 });
  const busy = makeRunResult({ seed: 86, sensorLatencyScale: 3, senderLatenessP50Ms: 6 });
  const c = compareRuns([base], [busy]);
  assert.is(row(c, 'sensor_processing_ms p95').verdict, 'not-comparable');
  assert.match(row(c, 'sensor_processing_ms p95').note, /machine contended \(sender lateness P50 [\d.]+ ms, P95 \d+ ms in fixture-phase0-86\)/);
  assert.is(row(c, 'sensor_pps mean').verdict, 'not-comparable');
  assert.is(row(c, 'rss_bytes{role:server} max').verdict, 'unchanged');
  assert.match(c.warnings.join('\n'), /machine contended: the load generator ran late/);
  assert.is(c.verdict, 'unchanged');
  // An uncontended pair with the same slowdown is judged.
  assert.is(row(compareRuns([base], [makeRunResult({ seed: 86, sensorLatencyScale: 3 })]), 'sensor_processing_ms p95').verdict, 'regressed');
});

t('end-to-end latencies are only shown against one baseline, and judged against three repeats', () => {
  const one = compareRuns([makeRunResult({ seed: 87 })], [makeRunResult({ seed: 88, apiLatencyScale: 2 })]);
  const api = row(one, 'api_latency_ms p95');
  assert.is(api.verdict, 'informational');
  assert.match(api.note, /end-to-end latency: judged only against ≥ 3 baseline repeats.*would count as regressed/);
  const three = compareRuns([87, 89, 90].map((seed) => makeRunResult({ seed })), [makeRunResult({ seed: 88, apiLatencyScale: 2 })]);
  assert.is(row(three, 'api_latency_ms p95').verdict, 'regressed');
  assert.ok(row(three, 'api_latency_ms p95').test?.significant);
});

t('throughput is better when higher', () => {
  assert.is(judgeFigure('throughput', 'packets/s', 'higher', [400], [300], DEFAULT_TOLERANCES.throughput).verdict, 'regressed');
  assert.is(judgeFigure('throughput', 'packets/s', 'higher', [400], [500], DEFAULT_TOLERANCES.throughput).verdict, 'improved');
});

t('with repeats, a change beyond tolerance but inside the baselines’ spread is noise', () => {
  // Baselines spread widely (10…16 ms); 16.2 ms is +25 % over the mean but well inside that spread.
  const j = judgeFigure('p95', 'ms', 'lower', [10, 16, 11, 15], [16.2], DEFAULT_TOLERANCES.p95);
  assert.is(j.verdict, 'unchanged');
  assert.ok(j.test && !j.test.significant);
  assert.match(j.note, /within run-to-run noise/);
  // Tight baselines: the same step is significant.
  const k = judgeFigure('p95', 'ms', 'lower', [12.9, 13.0, 13.1, 13.0], [16.5], DEFAULT_TOLERANCES.p95);
  assert.is(k.verdict, 'regressed');
  assert.ok(k.test?.significant);
});

t('noise test: prediction t matches the formula, two-sample t used with candidate repeats', () => {
  const base = [10, 12, 11, 13];
  const m = 11.5;
  const s = Math.sqrt(((1.5 ** 2) * 2 + 0.5 ** 2 * 2) / 3);
  const test = noiseTest(base, [14]);
  assert.ok(test);
  assert.is(test.method, 'prediction-t');
  assert.ok(Math.abs(test.t - (14 - m) / (s * Math.sqrt(1 + 1 / 4))) < 1e-9, String(test.t));
  assert.is(test.df, 3);
  assert.is(test.critical, 2.353);
  assert.is(noiseTest([1], [2]), undefined, 'no repeats, no test');
  assert.is(noiseTest(base, [14, 15])?.method, 'two-sample-t');
  assert.is(tCritical95(1000), 1.645);
});

t('different phases are refused unless --cross-phase, which makes the diff informational', () => {
  const b = makeRunResult({ seed: 51 });
  const c = makeRunResult({ seed: 52, phase: 'phase1', cameras: 10, sensorLatencyScale: 1.5 });
  assert.is(errorCode(() => compareRuns([b], [c])), 'EMBER_ERR_REPORT_PHASE_MISMATCH');
  const x = compareRuns([b], [c], { crossPhase: true });
  assert.is(x.verdict, 'informational');
  assert.ok(x.crossPhase);
  assert.match(x.warnings.join('\n'), /CROSS-PHASE DIFF: phase0 \(5 cameras.*phase1 \(10 cameras/);
  assert.ok(x.counts.regressed >= 1, 'deltas are still computed');
});

t('different machines, profiles and aborted runs produce warnings', () => {
  const b = makeRunResult({ seed: 61 });
  const c: RunResult = { ...makeRunResult({ seed: 62, hostname: 'other-box', profile: 'quick' }), status: 'aborted', abortReason: 'threshold aborted' };
  const x = compareRuns([b], [c]);
  const w = x.warnings.join('\n');
  assert.match(w, /different machines: fixture-host .* vs other-box/);
  assert.match(w, /profiles differ \(smoke vs quick\)/);
  assert.match(w, /aborted \(threshold aborted\)/);
});

t('repeats that mix phases are refused', () => {
  const code = errorCode(() => compareRuns([makeRunResult({ seed: 1 }), makeRunResult({ seed: 2, phase: 'phase1' })], [makeRunResult({ seed: 3 })]));
  assert.is(code, 'EMBER_ERR_REPORT_COMPARE_INPUT');
});

t('tolerance parsing: global, per class, floors, and every bad value at once', () => {
  const all = parseTolerances(['15%']);
  assert.is(all.p95.relative, 0.15);
  assert.is(all.rss.relative, 0.15);
  const one = parseTolerances(['p99=0.5', 'p95.floor=1']);
  assert.is(one.p99.relative, 0.5);
  assert.is(one.p95.absoluteFloor, 1);
  assert.is(one.p95.relative, DEFAULT_TOLERANCES.p95.relative);
  try {
    parseTolerances(['abc', 'p42=10%', 'p95=-1', 'p95.ceiling=2']);
    assert.unreachable('should throw');
  } catch (err) {
    assert.ok(isEmberError(err));
    assert.is(err.problems.length, 4);
    assert.ok(err.problems.every((p) => p.path === '--tolerance'));
    assert.equal(err.problems.map((p) => p.received), ['abc', 'p42=10%', 'p95=-1', 'p95.ceiling=2']);
  }
});

t.run();
