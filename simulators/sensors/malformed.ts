// Malformed packets for the `malformed` fault: one generator per error reason of the original
// (reference §1.4, ORIGINAL_ERROR_REASONS), plus random bytes and an over-long line. Each returns
// the bytes to write (with CRLF). test/simulators/sensors/malformed.test.ts decodes every variant
// with the protocol decoder and checks it fails with the intended reason.
import { FRAME_HEX_CHARS } from '../../protocol/sensor-packets.ts';
import type { Random } from '../core/prng.ts';

export const MALFORMED_VARIANTS = [
  'frame-no-colon',
  'frame-count',
  'frame-length',
  'frame-parse-error',
  'sensor-no-colon',
  'eeprom-size',
  'eeprom-missing-colon',
  'eeprom-parse-exception',
  'unknown-packet-type',
  'parsing-exception',
  'random-bytes',
  'over-long-line',
] as const;
export type MalformedVariant = (typeof MALFORMED_VARIANTS)[number];

/** The original's reason text each variant provokes (template form; `{n}`/`{e}` vary). */
export const VARIANT_REASON: Readonly<Record<MalformedVariant, string>> = {
  'frame-no-colon': 'frame no colon',
  'frame-count': 'frame count {n}',
  'frame-length': 'frame length {n}',
  'frame-parse-error': 'frame parse error {e}',
  'sensor-no-colon': 'sensor no colon',
  'eeprom-size': 'EEPROM parse error: Invalid EEPROM data size: {n} chars, expected 3328',
  'eeprom-missing-colon': 'EEPROM parse error: Invalid EEPROM packet: missing colon separator',
  'eeprom-parse-exception': 'EEPROM parse error: EEPROM parse exception: {e}',
  'unknown-packet-type': 'unknown packet type',
  'parsing-exception': 'parsing exception {e}',
  'random-bytes': '(undecodable bytes: unknown packet type after UTF-8 ignore)',
  'over-long-line': 'client error Separator is found, but chunk is longer than limit',
};

/** Longer than the original's 64 KiB StreamReader limit: the server closes the connection. */
export const OVER_LONG_LINE_BYTES = 64 * 1024 + 512;

export function malformedLine(variant: MalformedVariant, locId: string, random: Random): Buffer {
  const text = (s: string): Buffer => Buffer.from(`${s}\r\n`, 'latin1');
  switch (variant) {
    case 'frame-no-colon':
      return text(`#frame${locId}!`);
    case 'frame-count':
      return text(`#frame:${locId}:0102 0103!`);
    case 'frame-length':
      return text(`#frame${locId}:ZZZZ!`);
    case 'frame-parse-error':
      return text(`#frame${locId}:${'ZZZZ'.repeat(FRAME_HEX_CHARS / 4)}!`);
    case 'sensor-no-colon':
      return text(`#Sensor${locId}!`);
    case 'eeprom-size':
      return text(`#EEPROM${locId}:00B0!`);
    case 'eeprom-missing-colon':
      return text(`#EEPROM${locId}!`);
    case 'eeprom-parse-exception':
      return text(`#EEPROM${locId}:${'ZZZZ'.repeat(832)}!`);
    case 'unknown-packet-type':
      return text('#bogus!');
    case 'parsing-exception':
      return text(`#Sensor${locId}:ADC1=abc!`);
    case 'random-bytes': {
      // High bytes only (0x80–0xFF, never '\n'): invalid UTF-8 that the original drops with errors='ignore'.
      const b = Buffer.allocUnsafe(48);
      for (let i = 0; i < 46; i++) b[i] = 0x80 + Math.floor(random() * 0x80);
      b[46] = 0x0d;
      b[47] = 0x0a;
      return b;
    }
    case 'over-long-line':
      return text(`#Sensor${locId}:ADC1=1,PAD=${'9'.repeat(OVER_LONG_LINE_BYTES)}!`);
  }
}
