// The text outputs of `emberload report`: verdict table first and consistent with result.json in
// Markdown, JUnit, the k6-shaped summary and the step summary.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunResult, ThresholdVerdict } from '../../protocol/run-result.ts';
import { formatNumber, formatValue, metricKey } from '../../reports/format.ts';
import { renderJunit } from '../../reports/junit-report.ts';
import { toK6Summary } from '../../reports/k6-summary.ts';
import { renderMarkdownReport } from '../../reports/markdown-report.ts';
import { renderStepSummary } from '../../reports/step-summary.ts';
import { makeRunResult } from '../fixtures/run-results/make-fixture.ts';

const t = suite('render-outputs');

/** A fixture with one failing threshold (sensor P95 over its 25 ms limit). */
function failingRun(): RunResult {
  const r = makeRunResult({ seed: 5, sensorLatencyScale: 4 });
  return { ...r, verdict: r.thresholds.some((x) => x.verdict === 'fail') ? 'fail' : r.verdict };
}

t('fixture with 4× latency fails exactly the sensor P95 threshold (sanity of the fixture)', () => {
  const failed = failingRun().thresholds.filter((x) => x.verdict === 'fail').map((x) => x.metric);
  assert.equal(failed, ['sensor_processing_ms']);
});

t('markdown: the verdict table comes first, failing rows on top, every threshold listed with value and unit', () => {
  const r = failingRun();
  const md = renderMarkdownReport(r);
  const verdictAt = md.indexOf('## Verdict');
  assert.ok(verdictAt > 0 && verdictAt < md.indexOf('## Load'), 'verdict before load');
  const tableRows = md.slice(verdictAt).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| verdict')).slice(0, r.thresholds.length);
  assert.is(tableRows.length, r.thresholds.length);
  assert.match(tableRows[0] ?? '', /❌ fail \| `sensor_processing_ms` \| `p\(95\)<25` \| p\(95\)=[\d.]+ ms \| < 25 ms/);
  for (const th of r.thresholds) assert.ok(tableRows.some((l) => l.includes(`\`${metricKey(th.metric, th.tags)}\``) && l.includes(th.expression)), th.expression);
  assert.match(md, /## Verdict: ❌ fail — 9 passed, 1 failed, 1 not applicable/);
  assert.match(md, /➖ n\/a \| `memory_growth_ratio` .* no data .* only judged by the exit profile/);
  for (const section of ['## Latency', '## Resources', '## Incidents', '## Faults', '## Environment']) assert.ok(md.includes(section), section);
  assert.match(md, /inc-1 \| hot-spot \| loc-1 \| 10 s \| yes \| [\d.]+ ms/);
});

t('markdown: an aborted run says so above the table, and pipes in notes cannot break the table', () => {
  const base = makeRunResult({ seed: 9 });
  const th: ThresholdVerdict = { ...(base.thresholds[0] as ThresholdVerdict), note: 'a|b' };
  const r: RunResult = { ...base, status: 'aborted', abortReason: 'abortOnFail threshold', thresholds: [th] };
  const md = renderMarkdownReport(r);
  assert.match(md, /> \*\*Run aborted\*\*: abortOnFail threshold/);
  assert.ok(md.includes('a\\|b'));
});

t('junit: one testcase per threshold; failures and skips counted and explained', () => {
  const r = failingRun();
  const xml = renderJunit(r);
  assert.is((xml.match(/<testcase /g) ?? []).length, r.thresholds.length);
  assert.match(xml, /<testsuites name="emberload" tests="11" failures="1" errors="0" skipped="1"/);
  assert.match(xml, /name="sensor_processing_ms - p\(95\)&lt;25"[^>]*><failure message="failed: observed p\(95\)=[\d.]+ ms, limit &lt; 25 ms"/);
  assert.match(xml, /name="memory_growth_ratio - value&lt;0.1"[^>]*><skipped message="only judged/);
  assert.match(xml, /name="dropped_frame_ratio\{camera:cam01\} - value&lt;0.05"/);
  assert.not.match(xml, /&(?!amp;|lt;|gt;|quot;|#39;)/, 'no raw ampersands');
});

t('junit: an aborted run adds an error case', () => {
  const r: RunResult = { ...makeRunResult({ seed: 3 }), status: 'aborted', abortReason: 'server crashed' };
  const xml = renderJunit(r);
  assert.match(xml, /errors="1"/);
  assert.match(xml, /<error message="run aborted: server crashed"\/>/);
});

t('summary.json has k6 handleSummary shape: trend p(90)/p(95)/p(99), counters, rates, thresholds.ok', () => {
  const r = failingRun();
  const s = toK6Summary(r);
  const trend = s.metrics['sensor_processing_ms'];
  assert.ok(trend);
  assert.is(trend.type, 'trend');
  assert.is(trend.contains, 'time');
  const m = r.metrics.find((x) => x.name === 'sensor_processing_ms');
  assert.is(trend.values['p(95)'], m?.p95);
  assert.is(trend.values['p(90)'], m?.p90);
  assert.is(trend.values['p(99)'], m?.p99);
  assert.is(trend.values['med'], m?.med);
  assert.equal(trend.thresholds, { 'p(95)<25': { ok: false } });
  assert.equal(s.metrics['dropped_frame_ratio{camera:cam01}']?.thresholds, { 'value<0.05': { ok: true } });
  assert.is(s.metrics['frames_processed']?.type, 'counter');
  assert.ok(typeof s.metrics['frames_processed']?.values['count'] === 'number');
  assert.is(s.metrics['sensor_packet_loss']?.type, 'rate');
  assert.ok('passes' in (s.metrics['sensor_packet_loss']?.values ?? {}));
  assert.is(s.metrics['rss_bytes{role:server}']?.contains, 'data');
  // A threshold on a metric without data still appears (k6 passes thresholds with no samples).
  assert.equal(s.metrics['memory_growth_ratio'], { type: 'gauge', contains: 'default', values: {}, thresholds: { 'value<0.1': { ok: true } } });
  assert.is(s.root_group.id, 'd41d8cd98f00b204e9800998ecf8427e');
  assert.ok(s.options.summaryTrendStats.includes('p(99)'));
  assert.is(s.state.testRunDurationMs, r.durationS * 1000);
  const every = Object.values(s.metrics).flatMap((x) => Object.values(x.thresholds ?? {}));
  assert.is(every.length, r.thresholds.length);
});

t('step summary is short and carries the verdict table', () => {
  const r = failingRun();
  const s = renderStepSummary(r, 'runs/abc');
  assert.match(s, /^### emberload phase0 · smoke: FAIL/);
  assert.ok(s.includes('`runs/abc`'));
  assert.ok(s.split('\n').length < 30);
  assert.match(s, /❌ fail \| `sensor_processing_ms`/);
});

t('formatting: units, ratios as percent, integers without padding', () => {
  assert.is(formatValue(0.0123, 'ratio'), '1.23 %');
  assert.is(formatValue(3 * 1024 * 1024, 'bytes'), '3 MiB');
  assert.is(formatValue(null, 'ms'), 'no data');
  assert.is(formatValue(12.345, 'ms'), '12.3 ms');
  assert.is(formatNumber(99.98), '100');
  assert.is(formatNumber(25), '25');
  assert.is(formatNumber(0.000123456), '0.000123');
});

t.run();
