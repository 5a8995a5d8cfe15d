// Byte-exact packets: the device's pre-encoded, patched buffers must equal the protocol encoders'
// output (the golden reference) and decode as intended.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSensorLine, encodeEepromLine, encodeFrameLine, encodeSensorLine, REAL_EEPROM_HEX, validTailWords, wordToHex } from '../../../protocol/sensor-packets.ts';
import { buildFramePool, framePrefix, hotSpotCells, patchHotCells } from '../../../simulators/sensors/frame-pool.ts';
import { SensorLineTemplate } from '../../../simulators/sensors/sensor-line.ts';
import { seededRandom } from '../../../simulators/core/prng.ts';

test('sensor line: patched template equals encodeSensorLine byte for byte (fixed-width digits)', () => {
  const t = new SensorLineTemplate('dev0001');
  const b = t.render({ adc1: 269, adc2: 1296, mpy30: 0, tsUs: 1_763_820_000_123_456, seq: 7 }, false);
  const expected = `${encodeSensorLine('dev0001', { ADC1: '0269', ADC2: '1296', MPY30: '0', TS: '1763820000123456', SEQ: '0000000007' })}\r\n`;
  assert.is(b.toString('latin1'), expected);
  assert.is(expected, '#Sensordev0001:ADC1=0269,ADC2=1296,MPY30=0,TS=1763820000123456,SEQ=0000000007!\r\n');
  const r = decodeSensorLine(expected.trim(), '127.0.0.1');
  assert.ok(r.ok && r.packet.kind === 'sensor');
  if (r.ok && r.packet.kind === 'sensor') {
    assert.is(r.packet.locId, 'dev0001');
    assert.equal(r.packet.fields, { ADC1: 269, ADC2: 1296, MPY30: 0, TS: 1763820000123456, SEQ: 7 });
    assert.is(r.packet.sentUs, 1763820000123456);
    assert.is(r.packet.seq, 7);
  }
});

test('sensor line with a token carries TOKEN= last', () => {
  const t = new SensorLineTemplate('dev0002', 's3cret');
  const text = t.render({ adc1: 1, adc2: 2, mpy30: 1, tsUs: 1, seq: 1 }, false).toString('latin1');
  assert.ok(text.endsWith(',TOKEN=s3cret!\r\n'), text);
  const r = decodeSensorLine(text.trim(), 'x');
  assert.ok(r.ok && r.packet.kind === 'sensor' && r.packet.token === 's3cret');
});

test('in-flight buffers are never patched: a new copy is used', () => {
  const t = new SensorLineTemplate('dev0001');
  const first = t.render({ adc1: 1, adc2: 1, mpy30: 0, tsUs: 1, seq: 1 }, false);
  const snapshot = first.toString('latin1');
  const second = t.render({ adc1: 2, adc2: 2, mpy30: 1, tsUs: 2, seq: 2 }, true);
  assert.is.not(second, first);
  assert.is(first.toString('latin1'), snapshot);
  const third = t.render({ adc1: 3, adc2: 3, mpy30: 0, tsUs: 3, seq: 3 }, false);
  assert.is(third, second, 'with nothing in flight the same buffer is patched in place');
});

test('frame: device prefix + pooled body equals encodeFrameLine + CRLF; ambient 24–27 °C; tail never shifts', () => {
  const pool = buildFramePool(seededRandom(1), 4);
  for (let i = 0; i < pool.bodies.length; i++) {
    const bytes = Buffer.concat([framePrefix('dev0042'), pool.bodies[i] as Buffer]).toString('latin1');
    assert.is(bytes, `${encodeFrameLine('dev0042', pool.celsius[i] as Float64Array)}\r\n`);
    assert.is(bytes.length, '#framedev0042:'.length + 3336 + 3);
    const r = decodeSensorLine(bytes.trim(), '127.0.0.1');
    assert.ok(r.ok && r.packet.kind === 'frame');
    if (r.ok && r.packet.kind === 'frame') {
      assert.is(r.packet.form, 'hex3336');
      assert.is(r.packet.tailOffsetC, null, 'the real tail word 0 (0x4CCF) is outside ±100 °C');
      const values = Array.from(r.packet.values);
      assert.ok(Math.min(...values) >= 24 - 0.005 && r.packet.maxValue <= 27 + 0.005, `range ${Math.min(...values)}…${r.packet.maxValue}`);
    }
  }
  const tailHex = Array.from(validTailWords(), (w) => wordToHex(w)).join('');
  assert.ok((pool.bodies[0] as Buffer).toString('latin1').includes(`${tailHex}!`), 'the real device tail closes every frame');
});

test('hot cells: only the 3×3 block is patched, to the requested temperature', () => {
  const pool = buildFramePool(seededRandom(2), 1);
  const cells = hotSpotCells('fire-1');
  assert.is(cells.length, 9);
  const patched = patchHotCells(pool.bodies[0] as Buffer, cells, 75);
  const r = decodeSensorLine(`#framedev0001:${patched.toString('latin1').trim()}`, 'x');
  assert.ok(r.ok && r.packet.kind === 'frame');
  if (r.ok && r.packet.kind === 'frame') {
    assert.ok(Math.abs(r.packet.maxValue - 75) < 0.01);
    const hot = Array.from(r.packet.values).filter((v) => v > 60).length;
    assert.is(hot, 9);
  }
  assert.is((pool.bodies[0] as Buffer).toString('latin1').includes(wordToHex(Math.round((75 - 27) * 100))), false, 'the shared body is untouched');
});

test('EEPROM reply is the real device payload with word 0 = +1.76 °C', () => {
  const line = encodeEepromLine('dev0001', 1.76);
  assert.is(line, `#EEPROMdev0001:${REAL_EEPROM_HEX}!`);
  const r = decodeSensorLine(line, 'x');
  assert.ok(r.ok && r.packet.kind === 'eeprom' && r.packet.offsetC === 1.76);
});

test.run();
