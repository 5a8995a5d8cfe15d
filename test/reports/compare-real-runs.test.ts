// compare on four REAL phase0 smoke runs of one build (test/fixtures/run-results/real-phase0-smoke):
// every pair stays quiet, and regressions injected into a real run are caught when they exceed the
// measured noise — and deliberately not when they are sub-millisecond jitter.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRunResult, type MetricSummary, type RunResult } from '../../protocol/run-result.ts';
import { compareRuns } from '../../reports/compare/compare-runs.ts';

const t = suite('compare-real-runs');
const DIR = resolve(import.meta.dirname, '../fixtures/run-results/real-phase0-smoke');
const runs = [1, 2, 3, 4].map((i) => {
  const file = `${DIR}/run${i}.json`;
  return parseRunResult(JSON.parse(readFileSync(file, 'utf8')), file);
});
const [r1, r2, r3, r4] = runs as [RunResult, RunResult, RunResult, RunResult];

function scaled(run: RunResult, name: string, factor: number): RunResult {
  const scale = (m: MetricSummary): MetricSummary => ({ ...m, ...(m.med !== undefined ? { med: m.med * factor } : {}), ...(m.p90 !== undefined ? { p90: m.p90 * factor } : {}), ...(m.p95 !== undefined ? { p95: m.p95 * factor } : {}), ...(m.p99 !== undefined ? { p99: m.p99 * factor } : {}) });
  return { ...run, runId: `${run.runId}-x${factor}`, metrics: run.metrics.map((m) => (m.name === name ? scale(m) : m)) };
}

const row = (c: ReturnType<typeof compareRuns>, key: string) => c.rows.find((r) => r.key === key);

t('every ordered pair of same-build runs is quiet (no regressed, no improved)', () => {
  for (const b of runs) for (const c of runs) {
    if (b === c) continue;
    const cmp = compareRuns([b], [c]);
    const loud = cmp.rows.filter((r) => r.verdict === 'regressed' || r.verdict === 'improved').map((r) => `${r.key} ${r.baseline}→${r.candidate}`);
    assert.equal(loud, [], `${b.runId} → ${c.runId}`);
  }
});

t('three baselines vs the fourth run: quiet, with the t test in play', () => {
  const cmp = compareRuns([r1, r2, r3], [r4]);
  assert.is(cmp.verdict, 'unchanged', cmp.rows.filter((r) => r.verdict === 'regressed').map((r) => r.key).join(', '));
  assert.match(cmp.notes.join('\n'), /3 baseline runs/);
});

t('a 3× slower server-side P95 (sub-ms → over a millisecond) is caught on a real run', () => {
  const slow = scaled(r4, 'sensor_processing_ms', 3);
  const cmp = compareRuns([r1], [slow]);
  assert.is(row(cmp, 'sensor_processing_ms p95')?.verdict, 'regressed');
  assert.is(cmp.verdict, 'regressed');
});

t('a 30 % change of a 0.25 ms P95 is below the 0.5 ms floor: unchanged, by design', () => {
  const cmp = compareRuns([r1], [scaled(r4, 'sensor_processing_ms', 1.3)]);
  const p95 = row(cmp, 'sensor_processing_ms p95');
  assert.ok((p95?.baseline ?? 1) < 0.5, 'real P95 is sub-millisecond');
  assert.is(p95?.verdict, 'unchanged');
});

t('end-to-end API latency: 3× slower is caught against three repeats, not against one', () => {
  const slow = scaled(r4, 'api_latency_ms', 3);
  assert.is(row(compareRuns([r1], [slow]), 'api_latency_ms p95')?.verdict, 'informational');
  const three = row(compareRuns([r1, r2, r3], [slow]), 'api_latency_ms p95');
  assert.is(three?.verdict, 'regressed', three?.note);
});

t('CPU per unit of work: +40 % is caught (same-build spread was 5 %)', () => {
  const hungry: RunResult = { ...r4, metrics: r4.metrics.map((m) => (m.name === 'cpu_core_seconds' && m.count !== undefined ? { ...m, count: m.count * 1.4 } : m)) };
  assert.is(row(compareRuns([r1], [hungry]), 'cpu core-µs per unit of work (packet or frame)')?.verdict, 'regressed');
});

t.run();
