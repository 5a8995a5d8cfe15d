// Fusion with an injected clock: correlation windows, the original's reason strings, dedup,
// quiet close and the alert-flood debounce.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_CONFIG } from '../../reference-server/config.ts';
import type { FusionConfig } from '../../reference-server/config-schema.ts';
import { FusionEngine } from '../../reference-server/fuse/fusion.ts';
import type { AlertChange } from '../../reference-server/fuse/alert-tracker.ts';
import { evaluateRules } from '../../reference-server/fuse/rules.ts';

function engine(overrides: Partial<FusionConfig> = {}) {
  let now = 1_000_000;
  let n = 0;
  const seen: AlertChange[] = [];
  const cfg = { ...DEFAULT_CONFIG.fusion, ...overrides };
  const fusion = new FusionEngine(cfg, { clock: () => now, newId: () => `a${++n}`, onChanges: (c) => seen.push(...c) });
  return { fusion, seen, advance: (ms: number) => void (now += ms), now: () => now };
}

const idleSensor = { smokePct: (269 * 100) / 4095, flamePct: (1296 * 100) / 4095, flameDigital: null };

const t = suite('fusion');

t('real device at idle: flame source only, confidence 0.3, no alarm (as the original)', () => {
  const { fusion, seen } = engine();
  const out = fusion.ingestSensor({ locId: '1234', ...idleSensor });
  assert.equal(out.result.alarm, false);
  assert.equal(out.result.sources, ['flame']);
  assert.ok(Math.abs(out.result.confidence - 0.3) < 1e-9);
  assert.equal(seen, []);
});

t('exact alarm_reason strings of the original', () => {
  const cfg = DEFAULT_CONFIG.fusion;
  const r = evaluateRules({ thermalMaxC: 63.8, hotCellCount: 3, smokePct: 36.6, flamePct: null, flameDigital: null, visionScore: 0.9, gasPpm: 500 }, cfg);
  const reasons = Object.fromEntries(r.firings.map((f) => [f.cause, f.reason]));
  assert.is(reasons.smoke, 'Smoke threshold exceeded: 36.6% >= 25.0%');
  assert.is(reasons['vision-sensor'], 'Vision + Sensor correlation: Vision=0.90');
  assert.is(reasons.gas, 'Hazardous gas detected: 500.0ppm >= 400ppm');
  assert.is(reasons['critical-temperature'], 'Critical temperature: 63.8°C >= 60.0°C');
  assert.is(r.confidence, 1.0);
  const ft = evaluateRules({ thermalMaxC: 45, hotCellCount: 1, smokePct: null, flamePct: 30, flameDigital: null, visionScore: null, gasPpm: null }, cfg);
  assert.equal(ft.firings.map((f) => f.reason), ['Flame + Thermal correlation: Flame=30.0%, Thermal=45.0°C']);
  assert.equal(ft.firings.map((f) => f.level), ['critical']);
});

t('flame and thermal in separate packets correlate inside the window', () => {
  const { fusion, seen, advance } = engine();
  fusion.ingestThermal({ locId: 'r1', maxC: 45, hotCellCount: 4 });
  assert.equal(seen.map((c) => [c.type, c.alert.cause]), [['alert-opened', 'thermal']]);
  advance(400); // the real device sends its #Sensor line ~0.4 s after the frame
  const out = fusion.ingestSensor({ locId: 'r1', smokePct: null, flamePct: 10, flameDigital: 1 });
  assert.ok(out.result.alarm);
  assert.equal(out.changes.map((c) => [c.type, c.alert.cause, c.alert.level]), [['alert-opened', 'flame-thermal', 'critical']]);
  assert.is(out.changes[0]?.alert.reason, 'Flame + Thermal correlation: Flame=10.0%, Thermal=45.0°C');
});

t('no correlation once the thermal reading is older than the window', () => {
  const { fusion, advance } = engine({ windowMs: 5_000 });
  fusion.ingestThermal({ locId: 'r1', maxC: 45, hotCellCount: 4 });
  advance(5_001);
  const out = fusion.ingestSensor({ locId: 'r1', smokePct: null, flamePct: 90, flameDigital: null });
  assert.not.ok(out.result.alarm);
  assert.equal(out.result.sources, ['flame']);
});

t('locations never correlate with each other', () => {
  const { fusion } = engine();
  fusion.ingestThermal({ locId: 'a', maxC: 45, hotCellCount: 1 });
  const out = fusion.ingestSensor({ locId: 'b', smokePct: null, flamePct: 90, flameDigital: null });
  assert.not.ok(out.result.alarm);
});

t('vision + sensor correlation fires for the camera path', () => {
  const { fusion, advance } = engine();
  fusion.ingestSensor({ locId: 'cam-room', smokePct: null, flamePct: 40, flameDigital: null });
  advance(1_000);
  const out = fusion.ingestVision({ locId: 'cam-room', cameraId: '7', score: 0.9, atMs: 1_001_000 });
  const opened = out.changes.find((c) => c.alert.cause === 'vision-sensor');
  assert.ok(opened);
  assert.is(opened?.alert.cameraId, '7');
  assert.is(opened?.alert.reason, 'Vision + Sensor correlation: Vision=0.90');
});

t('dedup: one open alert per location and cause, updated not repeated; closes after a quiet period', () => {
  const { fusion, seen, advance } = engine({ updateIntervalMs: 1_000, quietCloseMs: 30_000 });
  for (let i = 0; i < 50; i++) {
    fusion.ingestSensor({ locId: 'r', smokePct: 50, flamePct: null, flameDigital: null });
    advance(100);
  }
  const opened = seen.filter((c) => c.type === 'alert-opened');
  assert.is(opened.length, 1);
  const updates = seen.filter((c) => c.type === 'alert-updated');
  assert.ok(updates.length >= 4 && updates.length <= 5, `updates ${updates.length}`);
  assert.ok(updates.every((u) => u.alert.id === opened[0]?.alert.id));
  assert.is(fusion.openAlertCount, 1);
  advance(29_000);
  assert.equal(fusion.tick(), []);
  advance(1_100);
  const closed = fusion.tick();
  assert.equal(closed.map((c) => [c.type, c.alert.id]), [['alert-closed', opened[0]?.alert.id]]);
  assert.is(fusion.openAlertCount, 0);
  fusion.ingestSensor({ locId: 'r', smokePct: 50, flamePct: null, flameDigital: null });
  assert.is(seen.filter((c) => c.type === 'alert-opened').length, 2, 'a new episode opens a new alert');
});

t('alert flood (> 3x baseline) turns debounce on; new alerts then need to persist', () => {
  const { fusion, seen, advance } = engine({ floodMinBaselinePerS: 0.5, floodWindowMs: 10_000, debounceMs: 1_000 });
  // 20 locations open smoke alerts within 2 s: 2/s over the 10 s window > 3 × max(0.5, baseline) once baseline is the floor.
  for (let i = 0; i < 20; i++) {
    fusion.ingestSensor({ locId: `f${i}`, smokePct: 60, flamePct: null, flameDigital: null });
    advance(100);
  }
  assert.ok(fusion.debounceActive, 'flood detected');
  const before = seen.filter((c) => c.type === 'alert-opened').length;
  fusion.ingestSensor({ locId: 'late', smokePct: 60, flamePct: null, flameDigital: null });
  assert.is(seen.filter((c) => c.type === 'alert-opened').length, before, 'debounced: not opened on first sight');
  advance(1_000);
  fusion.ingestSensor({ locId: 'late', smokePct: 60, flamePct: null, flameDigital: null });
  assert.is(seen.filter((c) => c.type === 'alert-opened').length, before + 1, 'opened once it persisted');
  advance(60_000);
  fusion.tick();
  assert.not.ok(fusion.debounceActive, 'turns off when the rate falls');
});

t('location state is bounded (garbage loc ids cannot grow memory)', () => {
  const { fusion, advance } = engine({ maxLocations: 100 });
  fusion.ingestThermal({ locId: 'active-device', maxC: 31, hotCellCount: 0 });
  for (let i = 0; i < 5_000; i++) {
    fusion.ingestSensor({ locId: `g${i}`, smokePct: null, flamePct: 1, flameDigital: null });
    if (i % 50 === 0) fusion.ingestSensor({ locId: 'active-device', smokePct: null, flamePct: 1, flameDigital: null });
    advance(1);
  }
  assert.is(fusion.snapshots().length, 100);
  assert.ok(fusion.snapshot('g4999'));
  assert.is(fusion.snapshot('g0'), null);
  assert.is(fusion.snapshot('active-device')?.thermalMaxC, 31, 'a location that keeps sending keeps its state (never the one forgotten)');
});

t.run();
