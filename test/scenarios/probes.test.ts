// Probe logic on synthetic inputs: Prometheus text parsing, reset-aware accumulation, bucket-delta
// quantiles, /proc stat parsing and the process sampler on this very process.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePromText, sumSamples } from '../../scenarios/probes/prom-text.ts';
import { PromAccumulator } from '../../scenarios/probes/prom-accumulator.ts';
import { BucketTrend } from '../../scenarios/metrics/trend.ts';
import { parseProcStat, ProcessSampler } from '../../scenarios/probes/process-sampler.ts';

const TEXT = (processed: number, buckets: [number, number, number], depth: number) => `# HELP emberload_packets_processed_total Packets processed
# TYPE emberload_packets_processed_total counter
emberload_packets_processed_total{kind="frame"} ${processed}
emberload_packets_processed_total{kind="sensor"} ${processed * 2}
# TYPE emberload_ingest_queue_depth gauge
emberload_ingest_queue_depth ${depth}
# TYPE emberload_sensor_processing_seconds histogram
emberload_sensor_processing_seconds_bucket{le="0.001",kind="frame"} ${buckets[0]}
emberload_sensor_processing_seconds_bucket{le="0.01",kind="frame"} ${buckets[1]}
emberload_sensor_processing_seconds_bucket{le="+Inf",kind="frame"} ${buckets[2]}
emberload_sensor_processing_seconds_sum{kind="frame"} ${buckets[2] * 0.002}
emberload_sensor_processing_seconds_count{kind="frame"} ${buckets[2]}
# TYPE emberye_frames_processed_total counter
emberye_frames_processed_total{stream_id="cam\\"01"} 5 1700000000000
`;

test('parses samples, labels (with escapes), types and timestamps', () => {
  const s = parsePromText(TEXT(10, [1, 2, 3], 4));
  assert.is(s.types.get('emberload_sensor_processing_seconds'), 'histogram');
  assert.is(sumSamples(s, 'emberload_packets_processed_total'), 30);
  assert.is(sumSamples(s, 'emberload_packets_processed_total', { kind: 'frame' }), 10);
  assert.is(sumSamples(s, 'emberye_frames_processed_total', { stream_id: 'cam"01' }), 5);
  assert.is(sumSamples(s, 'emberload_sensor_processing_seconds_bucket', { le: '+Inf' }), 3);
});

test('accumulator: increases since the first scrape, survive a counter reset, ignore gauges', () => {
  const acc = new PromAccumulator();
  acc.add(parsePromText(TEXT(100, [10, 20, 30], 5)));
  acc.add(parsePromText(TEXT(150, [30, 60, 70], 1)));
  assert.is(acc.increase('emberload_packets_processed_total', { kind: 'frame' }), 50);
  // Restart: counters start from zero again; the new value is all new work.
  acc.add(parsePromText(TEXT(20, [5, 5, 5], 9)));
  assert.is(acc.increase('emberload_packets_processed_total', { kind: 'frame' }), 70);
  assert.is(acc.increase('emberload_packets_processed_total'), 210);
  assert.is(acc.resetsSeen, 1);
  assert.is(acc.increase('emberload_ingest_queue_depth'), undefined, 'gauges are not accumulated');
  const h = acc.histogram('emberload_sensor_processing_seconds', { kind: 'frame' }, 1000);
  assert.ok(h);
  // +20 (≤1 ms), +20 (1–10 ms), +0 (>10 ms) then +5 after the reset.
  assert.equal(h?.counts, [25, 20, 0]);
  assert.equal(h?.upperBounds, [1, 10, Infinity]);
});

test('bucket quantiles interpolate inside the bucket like histogram_quantile', () => {
  const t = new BucketTrend([1, 10, Infinity], [50, 50, 0], 0);
  assert.is(t.quantile(50), 1);
  assert.is(t.quantile(75), 5.5);
  assert.is(t.quantile(25), 0.5);
  const overflow = new BucketTrend([1, 10, Infinity], [0, 0, 10], 0);
  assert.is(overflow.quantile(99), 10, 'the +Inf bucket answers with the highest finite bound');
  assert.is(new BucketTrend([1], [0], 0).quantile(50), null);
});

test('checkpoints give windowed histograms (quarters of a soak)', () => {
  const acc = new PromAccumulator();
  acc.add(parsePromText(TEXT(0, [0, 0, 0], 0)));
  const c0 = acc.checkpoint();
  acc.add(parsePromText(TEXT(0, [100, 100, 100], 0)));
  const c1 = acc.checkpoint();
  acc.add(parsePromText(TEXT(0, [100, 200, 200], 0)));
  const c2 = acc.checkpoint();
  assert.is(acc.histogramBetween('emberload_sensor_processing_seconds', c0, c1, 1000)?.quantile(95), 0.95);
  assert.ok((acc.histogramBetween('emberload_sensor_processing_seconds', c1, c2, 1000)?.quantile(95) ?? 0) > 1);
});

test('/proc/<pid>/stat parsing copes with spaces and parentheses in the command name', () => {
  const line = '1234 (my (odd) proc) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 10 5 20 0 7 0 12345 1000000 300 18446744073709551615';
  const st = parseProcStat(line);
  assert.equal(st, { ppid: 1, cpuTicks: 250 + 50 + 10 + 5, threads: 7, rssBytes: 300 * 4096 });
});

test('process sampler agrees with process.cpuUsage on CPU burnt by a real process (this one)', () => {
  const sampler = new ProcessSampler(Date.now());
  if (!sampler.available) return;
  sampler.sample([{ pid: process.pid, role: 'self' }]);
  const before = sampler.totalCoreSeconds;
  // Burn a fixed amount of CPU time (not wall time: the box may be shared), ~300 ms.
  const c0 = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 100_000; i++) x += Math.sqrt(i + x);
    const c = process.cpuUsage(c0);
    if (c.user + c.system >= 300_000) break;
  }
  const burnt = process.cpuUsage(c0);
  const [s] = sampler.sample([{ pid: process.pid, role: 'self' }]);
  assert.ok(s);
  const measured = sampler.totalCoreSeconds - before;
  const expected = (burnt.user + burnt.system) / 1e6;
  // /proc ticks are 10 ms; the sampler's own reads add a little.
  assert.ok(Math.abs(measured - expected) < 0.08, `sampler ${measured} s vs cpuUsage ${expected} s`);
  assert.ok((s?.cpuCoreSecondsPerSecond ?? 0) > 0);
  assert.ok((s?.rssBytes ?? 0) > 10 * 1024 * 1024);
  assert.ok((s?.openFds ?? 0) > 2);
  assert.ok((s?.threads ?? 0) >= 1);
  assert.ok(x > 0);
});

test.run();
