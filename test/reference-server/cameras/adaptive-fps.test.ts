// The original adaptive_fps.py rule, step by step, plus the risks seed's sustained-queue trigger.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AdaptiveFps, type AdaptiveFpsOptions } from '../../../reference-server/ingest/cameras/adaptive-fps.ts';
import { ScaleOutMonitor } from '../../../reference-server/ingest/cameras/scale-out-monitor.ts';
import { backoffDelayMs } from '../../../reference-server/ingest/cameras/backoff.ts';
import { FrameAssembler } from '../../../reference-server/ingest/cameras/frame-assembler.ts';

const ORIGINAL: AdaptiveFpsOptions = { baseFps: 25, minFps: 5, highWatermark: 8, lowWatermark: 2, cooldownMs: 1000, capacity: 8, highQueueShare: 0.7, sustainedQueueMs: 30_000 };

test('saturated queue: 25→18→13→9→6→5 then floor, one step per second', () => {
  const a = new AdaptiveFps(ORIGINAL);
  const seen: number[] = [];
  for (let s = 0; s < 7; s++) {
    a.update(8, s * 1000);
    seen.push(a.fps);
  }
  assert.equal(seen, [18, 13, 9, 6, 5, 5, 5]);
});

test('cooldown: two saturated samples 0.5 s apart change the rate once', () => {
  const a = new AdaptiveFps(ORIGINAL);
  assert.is(a.update(8, 0), 'queue-full');
  assert.is(a.update(8, 500), undefined);
  assert.is(a.fps, 18);
});

test('recovery: depth ≤ 2 adds 1 fps per second up to base; depth 3–7 holds', () => {
  const a = new AdaptiveFps(ORIGINAL);
  a.update(8, 0);
  a.update(8, 1000); // 13
  a.update(5, 2000);
  assert.is(a.fps, 13);
  a.update(2, 3000);
  assert.is(a.fps, 14);
  for (let s = 4; s < 20; s++) a.update(0, s * 1000);
  assert.is(a.fps, 25);
});

test('risks trigger: depth 6 of 8 (> 70 %) for more than 30 s → −25 %, then again after another 30 s', () => {
  const a = new AdaptiveFps(ORIGINAL);
  for (let s = 0; s <= 30; s++) a.update(6, s * 1000);
  assert.is(a.fps, 25, 'exactly 30 s is not "more than 30 s"');
  assert.is(a.update(6, 31_000), 'queue-sustained-high');
  assert.is(a.fps, 18);
  for (let s = 32; s <= 61; s++) a.update(6, s * 1000);
  assert.is(a.fps, 18);
  a.update(6, 62_000);
  assert.is(a.fps, 13);
});

test('risks trigger resets when the queue dips to 70 % or below', () => {
  const a = new AdaptiveFps(ORIGINAL);
  for (let s = 0; s < 20; s++) a.update(6, s * 1000);
  a.update(5, 20_000); // 5/8 = 62.5 %: the clock starts over
  for (let s = 21; s <= 45; s++) a.update(6, s * 1000);
  assert.is(a.fps, 25);
});

test('scale-out signal: > 5 % dropped over the window raises it, falling back clears it', () => {
  const m = new ScaleOutMonitor(10_000, 0.05);
  for (let i = 0; i < 10; i++) assert.is(m.record(100, 5), undefined); // exactly 5 %: not above
  assert.is(m.record(100, 20), true); // (9·5 + 20) / 1000 = 6.5 %
  assert.is(m.record(100, 0), undefined); // 60 / 1000
  assert.is(m.record(100, 0), undefined); // 55 / 1000
  assert.is(m.on, true);
  assert.is(m.record(100, 0), false); // 50 / 1000 = 5 %: cleared
});

test('backoff doubles from base to the cap, with jitter inside ±share', () => {
  const p = { baseMs: 1000, maxMs: 30_000, jitter: 0.3 };
  assert.equal([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelayMs(p, a, () => 0.5)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.is(backoffDelayMs(p, 0, () => 0), 700);
  assert.is(backoffDelayMs(p, 0, () => 1), 1300);
});

test('frame assembler cuts whole frames out of arbitrary chunks', () => {
  const frames: number[][] = [];
  const a = new FrameAssembler(4, (f) => frames.push([...f]));
  a.push(Uint8Array.of(1, 2, 3));
  a.push(Uint8Array.of(4, 5, 6, 7, 8, 9, 10));
  assert.equal(frames, [[1, 2, 3, 4], [5, 6, 7, 8]]);
  assert.is(a.partialBytes, 2);
  a.reset();
  a.push(Uint8Array.of(11, 12, 13, 14));
  assert.equal(frames[2], [11, 12, 13, 14]);
});

test.run();
