// Hot cells, per-device offsets (the original's offset is process-global) and the baseline manager.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSensorLine, encodeFrameLine, encodeLegacyFrameLine, FRAME_CELLS } from '../../protocol/sensor-packets.ts';
import { DEFAULT_CONFIG } from '../../reference-server/config.ts';
import { BaselineManager } from '../../reference-server/detect/baseline.ts';
import { ThermalDetector } from '../../reference-server/detect/thermal.ts';

const t = suite('thermal');

function frame(locId: string, celsius: number[] | Float64Array) {
  const r = decodeSensorLine(encodeFrameLine(locId, celsius), '127.0.0.1');
  if (!r.ok || r.packet.kind !== 'frame') throw new Error('encode/decode failed');
  return r.packet;
}
const flat = (c: number): number[] => new Array<number>(FRAME_CELLS).fill(c);

t('hot cells ≥ 40 °C counted; max reported', () => {
  const det = new ThermalDetector(DEFAULT_CONFIG.thermal, 40);
  const cells = flat(25);
  cells[5] = 41;
  cells[700] = 40;
  cells[701] = 39.99;
  const r = det.analyse(frame('a', cells));
  assert.is(r.hotCellCount, 2);
  assert.ok(Math.abs(r.maxC - 41) < 0.011);
  assert.is(det.analyse(frame('a', flat(25))).hotCellCount, 0);
});

t('EEPROM offset applies to its own device only (the original shifts every device)', () => {
  const det = new ThermalDetector(DEFAULT_CONFIG.thermal, 40);
  det.setEepromOffset('dev-a', 15);
  const a = det.analyse(frame('dev-a', flat(30)));
  const b = det.analyse(frame('dev-b', flat(30)));
  assert.ok(Math.abs(a.maxC - 45) < 0.011);
  assert.is(a.offsetSource, 'eeprom');
  assert.is(a.hotCellCount, FRAME_CELLS);
  assert.ok(Math.abs(b.maxC - 30) < 0.011);
  assert.is(b.hotCellCount, 0);
  det.setEepromOffset('dev-b', null); // out of ±100 → rejected, nothing changes
  assert.is(det.offsetFor('dev-b').source, 'config');
});

t('legacy raw frames stay raw integers against °C thresholds (faithful: they look critical)', () => {
  const det = new ThermalDetector(DEFAULT_CONFIG.thermal, 40);
  const r = decodeSensorLine(encodeLegacyFrameLine('old', new Array(FRAME_CELLS).fill(0xffb0), 'hex3072'), '127.0.0.1');
  assert.ok(r.ok && r.packet.kind === 'frame');
  if (r.ok && r.packet.kind === 'frame') assert.is(det.analyse(r.packet).maxC, 0xffb0);
});

t('baseline: candidate after a persistent change, approve replaces the baseline', () => {
  const m = new BaselineManager({ ...DEFAULT_CONFIG.thermal, baselineCandidatePersistMs: 10_000 });
  const base = Float64Array.from(flat(25));
  const changed = Float64Array.from(flat(25 + 0.2 * 255)); // mean diff 51/255 = 0.2 > 0.15
  assert.is(m.update('r', base, 0), null);
  assert.is(m.update('r', changed, 1_000), null);
  assert.equal(m.candidates().map((c) => c.state), ['pending']);
  assert.is(m.update('r', changed, 10_999), null);
  const ev = m.update('r', changed, 11_000);
  assert.is(ev?.type, 'candidate-ready');
  assert.is(m.update('r', changed, 12_000), null, 'ready once, not on every later frame');
  assert.ok(m.approve('r'));
  assert.ok(Math.abs((m.baselineMean('r') ?? 0) - (25 + 51)) < 1e-9);
  assert.is(m.update('r', changed, 13_000), null);
  assert.equal(m.candidates(), []);
});

t('baseline: a change that falls back cancels the candidate; reject keeps the baseline and suppresses until normal', () => {
  const m = new BaselineManager(DEFAULT_CONFIG.thermal);
  const base = Float64Array.from(flat(25));
  const changed = Float64Array.from(flat(90));
  m.update('r', base, 0);
  m.update('r', changed, 1);
  m.update('r', base, 2);
  assert.equal(m.candidates(), []);
  m.update('r', changed, 3);
  assert.not.ok(m.approve('r'), 'not ready yet');
  assert.ok(m.reject('r'));
  assert.is(m.update('r', changed, 20_000), null);
  assert.equal(m.candidates(), [], 'suppressed while the nuisance persists');
  assert.ok(Math.abs((m.baselineMean('r') ?? 0) - 25) < 1e-9);
  m.update('r', base, 20_001);
  m.update('r', changed, 20_002);
  assert.is(m.candidates().length, 1, 'a new change after returning to normal is a new candidate');
});

t('baseline: a ready candidate nobody decides on times out', () => {
  const m = new BaselineManager({ ...DEFAULT_CONFIG.thermal, baselineCandidatePersistMs: 10, baselineCandidateTimeoutMs: 100 });
  const changed = Float64Array.from(flat(90));
  m.update('r', Float64Array.from(flat(25)), 0);
  m.update('r', changed, 1);
  assert.is(m.update('r', changed, 11)?.type, 'candidate-ready');
  assert.is(m.update('r', changed, 111)?.type, 'candidate-expired');
  assert.equal(m.candidates(), []);
});

t.run();
