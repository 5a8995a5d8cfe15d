// The `#Sensor<loc>:ADC1=…,ADC2=…,MPY30=…,TS=…,SEQ=…!\r\n` line, encoded once per device as a
// fixed-width template; each send patches digits in place. Leading zeros keep the width fixed and
// parse the same in the original (Python int('0269') = 269) and in our decoder.
import { encodeSensorLine } from '../../protocol/sensor-packets.ts';

const ADC_WIDTH = 4; // 12-bit ADC: 0…4095
const TS_WIDTH = 16; // epoch µs has 16 digits until the year 2286
const SEQ_WIDTH = 10;

export interface SensorValues {
  adc1: number;
  adc2: number;
  mpy30: number;
  tsUs: number;
  seq: number;
}

export class SensorLineTemplate {
  private buffer: Buffer;
  private readonly offsets: { adc1: number; adc2: number; mpy30: number; ts: number; seq: number };

  constructor(locId: string, token?: string) {
    const fields: Record<string, string> = {
      ADC1: '0'.repeat(ADC_WIDTH),
      ADC2: '0'.repeat(ADC_WIDTH),
      MPY30: '0',
      TS: '0'.repeat(TS_WIDTH),
      SEQ: '0'.repeat(SEQ_WIDTH),
    };
    if (token !== undefined) fields.TOKEN = token;
    const text = `${encodeSensorLine(locId, fields)}\r\n`;
    this.buffer = Buffer.from(text, 'latin1');
    const at = (key: string): number => text.indexOf(`${key}=`, text.indexOf(':')) + key.length + 1;
    this.offsets = { adc1: at('ADC1'), adc2: at('ADC2'), mpy30: at('MPY30'), ts: at('TS'), seq: at('SEQ') };
  }

  get byteLength(): number {
    return this.buffer.length;
  }

  /**
   * Patch the values and return the buffer to write. `inFlight` = the previous buffer may still sit
   * in the socket's write queue: then patch a fresh copy, never bytes the kernel has not taken yet.
   */
  render(v: SensorValues, inFlight: boolean): Buffer {
    if (inFlight) this.buffer = Buffer.from(this.buffer);
    const b = this.buffer;
    writeDigits(b, this.offsets.adc1, ADC_WIDTH, v.adc1);
    writeDigits(b, this.offsets.adc2, ADC_WIDTH, v.adc2);
    writeDigits(b, this.offsets.mpy30, 1, v.mpy30);
    // 16 digits as two 8-digit halves: integer arithmetic below 2^31 instead of float division.
    const tsHigh = Math.floor(v.tsUs / 1e8);
    writeDigits(b, this.offsets.ts, TS_WIDTH - 8, tsHigh);
    writeDigits(b, this.offsets.ts + TS_WIDTH - 8, 8, v.tsUs - tsHigh * 1e8);
    writeDigits(b, this.offsets.seq, SEQ_WIDTH, v.seq);
    return b;
  }
}

/** Zero-padded decimal digits of a non-negative integer, right-aligned in [at, at+width). */
export function writeDigits(buffer: Buffer, at: number, width: number, value: number): void {
  let v = Math.max(0, Math.floor(value));
  if (v < 2_147_483_648) {
    let n = v | 0;
    for (let i = at + width - 1; i >= at; i--) {
      const q = (n / 10) | 0;
      buffer[i] = 48 + n - q * 10;
      n = q;
    }
    return;
  }
  for (let i = at + width - 1; i >= at; i--) {
    buffer[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
}
