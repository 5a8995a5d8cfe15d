// The colour heuristic on synthetic yuv420p frames, against hand-computed ratios.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fireBlockCount, scoreYuv420 } from '../../../reference-server/detect/vision/fire-heuristic.ts';
import { CLASS_FIRE, CLASS_NONE, CLASS_SMOKE, classifyYuv, lutIndex, rgbToHsv8, rgbToYuv, yuvClassLut } from '../../../reference-server/detect/vision/yuv-hsv-lut.ts';
import { FlickerTracker } from '../../../reference-server/detect/vision/flicker.ts';
import { createVisionDetector, DEFAULT_VISION } from '../../../reference-server/detect/vision/vision-detector.ts';
import { DARK_GREY, FLAME_ORANGE, H, LIGHT_GREY, W, fireFrame, greyFrame, paintFrame } from './synthetic-frames.ts';

const G = { width: W, height: H };
const lut = yuvClassLut();

test('OpenCV 8-bit HSV by hand: orange (255,120,0) → H 14 (28.2°/2), S 255, V 255', () => {
  assert.equal(rgbToHsv8(255, 120, 0), [14, 255, 255]);
  assert.equal(rgbToHsv8(60, 60, 60), [0, 0, 60]);
  // (210,210,210): S 0, V 210 → inside the smoke range (S ≤ 60, V ≥ 180).
  assert.equal(rgbToHsv8(210, 210, 210), [0, 0, 210]);
  // pure blue: H 240°/2 = 120, outside the fire hue range 0–40.
  assert.equal(rgbToHsv8(0, 0, 255), [120, 255, 255]);
});

test('the lookup table agrees with the direct conversion on every 7th YUV triple', () => {
  for (let y = 0; y < 256; y += 7) for (let u = 0; u < 256; u += 7) for (let v = 0; v < 256; v += 7) assert.is(lut[lutIndex(y, u, v)], classifyYuv(y, u, v));
});

test('colour classes survive the RGB → YUV → RGB round trip', () => {
  assert.is(classifyYuv(...rgbToYuv(...FLAME_ORANGE)), CLASS_FIRE);
  assert.is(classifyYuv(...rgbToYuv(...LIGHT_GREY)), CLASS_SMOKE);
  assert.is(classifyYuv(...rgbToYuv(...DARK_GREY)), CLASS_NONE);
});

test('dark grey frame scores 0', () => {
  const r = scoreYuv420(greyFrame(), G, lut);
  assert.is(r.fireRatio, 0);
  assert.is(r.smokeRatio, 0);
  assert.is(r.score, 0);
});

test('orange over the top 60 of 240 rows: fire 0.25 → score 3·0.25 = 0.75', () => {
  const r = scoreYuv420(paintFrame(DARK_GREY, { rgb: FLAME_ORANGE, x0: 0, x1: W, y0: 0, y1: 60 }), G, lut);
  assert.is(r.fireRatio, 0.25);
  assert.is(r.firePixels, 320 * 60);
  assert.ok(Math.abs(r.score - 0.75) < 1e-12);
});

test('light grey over half the frame: smoke 0.5 → score 1.5·0.5 = 0.75', () => {
  const r = scoreYuv420(paintFrame(DARK_GREY, { rgb: LIGHT_GREY, x0: 0, x1: 160, y0: 0, y1: H }), G, lut);
  assert.is(r.smokeRatio, 0.5);
  assert.is(r.fireRatio, 0);
  assert.ok(Math.abs(r.score - 0.75) < 1e-12);
});

test('fire 0.1 + smoke 0.2 → 0.3 + 0.3 = 0.6; a frame all orange caps at 1', () => {
  // 24 orange rows = 0.1 of the frame, on a light-grey background covering the next 48 rows (0.2).
  const f = paintFrame(DARK_GREY, { rgb: LIGHT_GREY, x0: 0, x1: W, y0: 24, y1: 72 });
  const orange = paintFrame(DARK_GREY, { rgb: FLAME_ORANGE, x0: 0, x1: W, y0: 0, y1: 24 });
  f.set(orange.subarray(0, 24 * W), 0);
  f.set(orange.subarray(W * H, W * H + 12 * 160), W * H);
  f.set(orange.subarray(W * H + 160 * 120, W * H + 160 * 120 + 12 * 160), W * H + 160 * 120);
  const r = scoreYuv420(f, G, lut);
  assert.ok(Math.abs(r.fireRatio - 0.1) < 1e-12, String(r.fireRatio));
  assert.ok(Math.abs(r.smokeRatio - 0.2) < 1e-12, String(r.smokeRatio));
  assert.ok(Math.abs(r.score - 0.6) < 1e-12);
  assert.is(scoreYuv420(paintFrame(FLAME_ORANGE), G, lut).score, 1);
});

test('stepPx 2 gives the same ratios on block-aligned content with a quarter of the samples', () => {
  const f = paintFrame(DARK_GREY, { rgb: FLAME_ORANGE, x0: 0, x1: W, y0: 0, y1: 60 });
  const r = scoreYuv420(f, G, lut, 2);
  assert.is(r.sampledPixels, (W * H) / 4);
  assert.is(r.fireRatio, 0.25);
});

test('flicker: a still fire region is not flicker, fire pixels moving between blocks are', () => {
  const still = new FlickerTracker();
  const same = Uint16Array.of(64, 64, 0, 0);
  let s = false;
  for (let i = 0; i < 15; i++) s = still.push(same);
  assert.is(s, false);
  assert.is(still.meanChange(), 0);
  const live = new FlickerTracker();
  let l = false;
  // 16 of 128 fire pixels move from block 1 to block 2 and back: change 32/128 = 0.25 per frame.
  for (let i = 0; i < 15; i++) l = live.push(i % 2 === 0 ? Uint16Array.of(64, 64, 0, 0) : Uint16Array.of(64, 48, 16, 0));
  assert.is(l, true);
  assert.ok(Math.abs(live.meanChange() - 0.25) < 1e-12);
  const none = new FlickerTracker();
  for (let i = 0; i < 5; i++) assert.is(none.push(new Uint16Array(4)), false);
});

test('per-block fire counts: the orange top quarter fills the first 7.5 block rows of 40 blocks', () => {
  const blocks = new Uint16Array(fireBlockCount(G));
  assert.is(blocks.length, 40 * 30);
  scoreYuv420(paintFrame(DARK_GREY, { rgb: FLAME_ORANGE, x0: 0, x1: W, y0: 0, y1: 60 }), G, lut, 1, blocks);
  assert.is(blocks[0], 64);
  assert.is(blocks[7 * 40], 32); // rows 56–59 of block row 7 (56–63)
  assert.is(blocks[8 * 40], 0);
  assert.is(blocks.reduce((a, b) => a + b, 0), 320 * 60);
});

test('detector: a static orange wall scores 1 but is not a hit; flickering flames are', () => {
  const wall = createVisionDetector(G, DEFAULT_VISION, lut);
  const still = paintFrame(DARK_GREY, { rgb: FLAME_ORANGE, x0: 0, x1: W, y0: 0, y1: 120 });
  let last = wall.detect(still);
  for (let i = 0; i < 14; i++) last = wall.detect(still);
  assert.ok(!(last instanceof Promise));
  if (last instanceof Promise) return;
  assert.is(last.score, 1);
  assert.is(last.hit, false);
  const fire = createVisionDetector(G, DEFAULT_VISION, lut);
  const hits = Array.from({ length: 15 }, (_, i) => fire.detect(fireFrame(i))).filter((r) => !(r instanceof Promise) && r.hit).length;
  assert.ok(hits >= 10, `hits ${hits}`);
  const noFlickerRule = createVisionDetector(G, { ...DEFAULT_VISION, requireFlicker: false }, lut);
  const r = noFlickerRule.detect(still);
  assert.ok(!(r instanceof Promise) && r.hit, 'faithful mode: score ≥ 0.7 alone is a hit');
});

test.run();
