import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HdrRecorder } from '../../../simulators/core/hdr-recorder.ts';
import { EmberError } from '../../../protocol/errors.ts';

test('percentiles in ms from µs samples (1..1000 ms uniform: p50≈500, p99≈990)', () => {
  const r = new HdrRecorder();
  for (let ms = 1; ms <= 1000; ms++) r.recordUs(ms * 1000);
  const s = r.summary();
  assert.is(s.count, 1000);
  assert.ok(Math.abs(s.p50Ms - 500) <= 1, `p50 ${s.p50Ms}`);
  assert.ok(Math.abs(s.p99Ms - 990) <= 1, `p99 ${s.p99Ms}`);
  assert.ok(Math.abs(s.maxMs - 1000) <= 1, `max ${s.maxMs}`);
  assert.is(s.minMs, 1);
});

test('encode → decode round-trips the distribution', () => {
  const r = new HdrRecorder();
  for (let i = 0; i < 500; i++) r.recordUs(100 + i * 7);
  const back = HdrRecorder.decode(r.encode());
  assert.equal(back.summary(), r.summary());
});

test('merge gives the percentiles of the union', () => {
  const a = new HdrRecorder();
  const b = new HdrRecorder();
  for (let i = 0; i < 100; i++) a.recordUs(1000);
  for (let i = 0; i < 100; i++) b.recordUs(3000);
  a.merge(b);
  assert.is(a.count, 200);
  assert.is(a.summary().p50Ms, 1);
  assert.ok(Math.abs(a.summary().p90Ms - 3) < 0.01);
});

test('memory is constant: values past the top are clamped and counted, footprint unchanged', () => {
  const r = new HdrRecorder({ highestTrackableUs: 10_000_000 });
  const before = r.footprintBytes;
  r.recordUs(5e12);
  r.recordUs(-3); // clock jitter: counted as 0, never throws
  assert.is(r.clampedCount, 1);
  assert.is(r.footprintBytes, before);
  assert.is(r.count, 2);
});

test('expected-interval correction adds one sample per swallowed send', () => {
  const r = new HdrRecorder();
  r.recordUsWithExpectedInterval(100_000, 10_000); // 100 ms stall at a 10 ms period → 10 samples
  assert.is(r.count, 10);
});

test('decode of garbage is a catalog error naming the input', () => {
  try {
    HdrRecorder.decode('not-a-histogram');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, EmberError);
    assert.is((err as EmberError).code, 'EMBER_ERR_SIM_HISTOGRAM_INVALID');
  }
});

test.run();
