// Golden cases from the real device capture and the reference's literal error lines (§1.2–§1.4, §2).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import {
  decodeSensorLine,
  encodeEepromLine,
  encodeFrameLine,
  encodeLegacyFrameLine,
  encodeSensorLine,
  encodeSerialLine,
  encodeLocIdLine,
  celsiusToWord,
  validTailWords,
  wordToHex,
  CMD_PERIODIC_ON,
  CMD_PERIOD_ON,
  CMD_EEPROM1,
  CMD_REQUEST1,
  FRAME_CELLS,
  type SensorPacket,
} from '../../protocol/sensor-packets.ts';

interface CaptureRecord {
  t: string;
  dir: string;
  line: string;
}
// shared/ sits beside the repository checkout (locally and in CI).
const captureFromRepo = JSON.parse(readFileSync(new URL('../../../shared/fixtures/embereye-real-device-capture.json', import.meta.url), 'utf8')) as CaptureRecord[];
const realFrame = captureFromRepo.find((r) => r.line.startsWith('#frame'))!.line;
const realSensor = captureFromRepo.find((r) => r.line.startsWith('#Sensor'))!.line;
const realEeprom = captureFromRepo.find((r) => r.line.startsWith('#EEPROM'))!.line;

function ok(line: string, ip = '127.0.0.1', offsetC?: number): SensorPacket {
  const r = decodeSensorLine(line, ip, offsetC === undefined ? {} : { offsetC });
  if (!r.ok) throw new Error(`expected ok, got ${r.reason}`);
  return r.packet;
}
function bad(line: string, ip = '127.0.0.1'): { reason: string; malformed: string; locId: string } {
  const r = decodeSensorLine(line, ip);
  if (r.ok) throw new Error(`expected failure for ${line.slice(0, 40)}`);
  return r;
}

const golden = suite('sensor-packets: real device golden cases');

golden('real frame: loc 1234, 3336 hex, 25.52–26.36 °C', () => {
  const p = ok(realFrame);
  assert.is(p.kind, 'frame');
  if (p.kind !== 'frame') return;
  assert.is(p.locId, '1234');
  assert.is(p.form, 'hex3336');
  const min = Math.min(...p.values);
  assert.is(Math.round(min * 100) / 100, 25.52);
  assert.is(Math.round(p.maxValue * 100) / 100, 26.36);
  // Real tail word 0 = 0x4CCF = 196.63 °C → rejected as an offset.
  assert.is(p.tailOffsetC, null);
});

golden('real EEPROM reply: offset +1.76 °C, applied by adding (27.28–28.12 °C)', () => {
  const e = ok(realEeprom);
  assert.equal(e, { kind: 'eeprom', frameId: '1234', locId: '1234', offsetC: 1.76 });
  const p = ok(realFrame, '127.0.0.1', 1.76);
  if (p.kind !== 'frame') throw new Error('frame');
  assert.is(Math.round(Math.min(...p.values) * 100) / 100, 27.28);
  assert.is(Math.round(p.maxValue * 100) / 100, 28.12);
});

golden('real sensor line: ADC1=269,ADC2=1296,ADC3:=1,DIO=0 (ADC3: → ADC3)', () => {
  assert.is(realSensor, '#Sensor1234:ADC1=269,ADC2=1296,ADC3:=1,DIO=0!');
  const p = ok(realSensor);
  if (p.kind !== 'sensor') throw new Error('sensor');
  assert.is(p.locId, '1234');
  assert.equal(p.fields, { ADC1: 269, ADC2: 1296, ADC3: 1, DIO: 0 });
  assert.is(p.smokePct!.toFixed(3), '6.569');
  assert.is(p.flamePct!.toFixed(3), '31.648');
  assert.is(p.flameDigital, null);
});

golden('every complete frame and sensor line of the capture decodes; truncated ones fail by length', () => {
  let frames = 0;
  let sensors = 0;
  let truncated = 0;
  for (const r of captureFromRepo) {
    if (r.line.startsWith('#frame')) {
      if (r.line.length !== '#frame1234:'.length + 3336 + 1) {
        assert.match(bad(r.line).reason, /^frame length \d+$/);
        truncated++;
        continue;
      }
      const p = ok(r.line);
      assert.ok(p.kind === 'frame' && p.maxValue > 20 && p.maxValue < 35);
      frames++;
    } else if (r.line.startsWith('#Sensor')) {
      assert.is(ok(r.line).kind, 'sensor');
      sensors++;
    }
  }
  assert.ok(frames >= 187 && sensors > 100 && truncated < 10, `${frames} frames, ${sensors} sensors, ${truncated} truncated`);
});

golden('conversion examples of §2', () => {
  const grid = (word: number) => `#frame9:${wordToHex(word).repeat(FRAME_CELLS)}${'0000'.repeat(66)}!`;
  const at = (word: number) => {
    const p = ok(grid(word));
    return p.kind === 'frame' ? Math.round(p.values[0]! * 100) / 100 : NaN;
  };
  assert.is(at(0xffb0), 26.2);
  assert.is(at(0x14d0), 80.28);
  assert.is(at(0xf574), 0);
  assert.is(at(0x0000), 27);
});

const forms = suite('sensor-packets: loc_id rules and payload forms');

forms('loc_id from prefix, from second field, else client IP', () => {
  assert.is((ok('#Sensor:demo_room:ADC1=2486,ADC2=865,MPY30=1!') as { locId: string }).locId, 'demo_room');
  assert.is((ok('#Sensor:ADC1=592,ADC2=894,ADC3=905!', '10.0.0.5') as { locId: string }).locId, '10.0.0.5');
  assert.is((ok('#Sensor77:ADC1=1!') as { locId: string }).locId, '77');
  const legacy = ok(encodeLegacyFrameLine('room', new Array(FRAME_CELLS).fill(65456), 'hex3072'));
  assert.ok(legacy.kind === 'frame' && legacy.locId === 'room' && legacy.form === 'hex3072' && legacy.maxValue === 65456);
  const words = ok(encodeLegacyFrameLine('r2', Array.from({ length: FRAME_CELLS }, (_, i) => i % 4096), 'words768'));
  assert.ok(words.kind === 'frame' && words.form === 'words768' && words.values[5] === 5 && words.maxValue === 767);
});

forms('serialno and locid', () => {
  assert.equal(ok('#serialno:SIM409534!', '1.2.3.4'), { kind: 'serialno', serial: 'SIM409534', locId: '1.2.3.4' });
  assert.equal(ok('#locid:default room!'), { kind: 'locid', locId: 'default room' });
});

forms('TS, SEQ and TOKEN extension fields; MPY30 digital flame', () => {
  const p = ok('#Sensordev7:ADC1=1100,ADC2=300,MPY30=1,TS=1763812345678901,SEQ=42,TOKEN=9911!');
  if (p.kind !== 'sensor') throw new Error('sensor');
  assert.is(p.sentUs, 1763812345678901);
  assert.is(p.seq, 42);
  assert.is(p.token, '9911');
  assert.is(p.flameDigital, 1);
  assert.is(p.fields['TOKEN'], undefined);
  assert.ok(p.smokePct! >= 25);
});

forms('ADC1=0 gives no smoke reading (the original tests `if adc1:`); floats parse', () => {
  const p = ok('#Sensor:x:ADC1=0,ADC2=0,TEMP=21.5!');
  assert.ok(p.kind === 'sensor' && p.smokePct === null && p.flamePct === 0 && p.fields['TEMP'] === 21.5);
});

forms('integers in the forms Python int() accepts: signs, spaces, underscores, long digit runs', () => {
  const p = ok('#Sensor:x:A=+5,B=-7,C= 12 ,D=1_000,E=1763812345678901234,F=007!');
  if (p.kind !== 'sensor') throw new Error('sensor');
  assert.equal(p.fields, { A: 5, B: -7, C: 12, D: 1000, E: 1763812345678901234, F: 7 });
  assert.is(bad('#Sensor:x:A=1__0!').reason, "parsing exception invalid literal for int() with base 10: '1__0'");
  assert.is(bad('#Sensor:x:A=!').reason, "parsing exception invalid literal for int() with base 10: ''");
});

const errors = suite('sensor-packets: exact error reasons of the original (§1.4)');

errors('literal error lines from the reference run', () => {
  assert.equal(bad('#bogus!'), { ok: false, reason: 'unknown packet type', malformed: 'unknown-packet-type', locId: '127.0.0.1' });
  assert.equal(bad('#frame:no_data!'), { ok: false, reason: 'frame length 7', malformed: 'frame-length', locId: '127.0.0.1' });
  assert.equal(bad('#frame:room:0102 0103!'), { ok: false, reason: 'frame count 2', malformed: 'frame-count', locId: 'room' });
  assert.is(bad('#EEPROM1234:00B0!').reason, 'EEPROM parse error: Invalid EEPROM data size: 4 chars, expected 3328');
  assert.equal(bad('#frame1234:ZZZZ!'), { ok: false, reason: 'frame length 4', malformed: 'frame-length', locId: '1234' });
});

errors('the remaining reasons', () => {
  assert.is(bad('#frame1234').reason, 'frame no colon');
  assert.is(bad('#Sensor1234').reason, 'sensor no colon');
  assert.is(bad('#EEPROM1234').reason, 'EEPROM parse error: Invalid EEPROM packet: missing colon separator');
  const badHex = `#frame5:${'ZZZZ'}${'0000'.repeat(833)}!`;
  assert.is(bad(badHex).reason, "frame parse error invalid literal for int() with base 16: 'ZZZZ'");
  assert.is(bad('#Sensor:nolf:ADC1=5!#Sensor:nolf2:ADC1=6!').reason, "parsing exception invalid literal for int() with base 10: '5!#Sensor:nolf2:ADC1=6'");
  assert.is(bad('#Sensor:x:ADC1=1.2.3!').reason, "parsing exception could not convert string to float: '1.2.3'");
  assert.is(bad(`#EEPROM9:GGGG${'0'.repeat(3324)}!`).reason, "EEPROM parse error: EEPROM parse exception: invalid literal for int() with base 16: 'GGGG'");
  assert.is(bad('').reason, 'unknown packet type');
});

const enc = suite('sensor-packets: encoders are byte-exact');

enc('encodeFrameLine round-trips temperatures to 0.01 °C and is 3336 hex long', () => {
  const temps = Array.from({ length: FRAME_CELLS }, (_, i) => 24 + (i % 300) / 100);
  temps[100] = 63.8;
  const line = encodeFrameLine('1234', temps);
  assert.is(line.length, '#frame1234:'.length + 3336 + 1);
  const p = ok(line);
  if (p.kind !== 'frame') throw new Error('frame');
  for (let i = 0; i < FRAME_CELLS; i++) assert.ok(Math.abs(p.values[i]! - temps[i]!) < 0.0051, `cell ${i}`);
  assert.is(p.maxValue, 63.8);
  assert.is(p.tailOffsetC, null, 'the default tail never shifts temperatures');
});

enc('the real frame re-encodes byte for byte from its own decoded values', () => {
  const p = ok(realFrame);
  if (p.kind !== 'frame') throw new Error('frame');
  const tail = realFrame.slice('#frame1234:'.length + 3072, -1);
  const tailWords = Array.from({ length: 66 }, (_, i) => parseInt(tail.slice(i * 4, i * 4 + 4), 16));
  assert.is(encodeFrameLine('1234', p.values, tailWords), realFrame);
  assert.equal(Array.from(validTailWords()), tailWords);
});

enc('sensor, EEPROM, serial and locid lines', () => {
  assert.is(encodeSensorLine('1234', { ADC1: 269, ADC2: 1296, 'ADC3:': 1, DIO: 0 }), '#Sensor1234:ADC1=269,ADC2=1296,ADC3:=1,DIO=0!');
  assert.is(encodeEepromLine('1234', 1.76), realEeprom);
  assert.is(encodeSerialLine('SIM409534'), '#serialno:SIM409534!');
  assert.is(encodeLocIdLine('default room'), '#locid:default room!');
  assert.is(celsiusToWord(26.2), 0xffb0);
  assert.is(celsiusToWord(80.28), 0x14d0);
});

enc('server commands are the exact wire bytes', () => {
  assert.is(CMD_PERIODIC_ON, 'PERIODIC_ON');
  assert.is(Buffer.byteLength(CMD_PERIODIC_ON), 11);
  assert.is(CMD_PERIOD_ON, 'PERIOD_ON\n');
  assert.is(CMD_EEPROM1, 'EEPROM1\n');
  assert.is(CMD_REQUEST1, 'REQUEST1\n');
});

golden.run();
forms.run();
errors.run();
enc.run();
