// EmberEye TCP sensor protocol ("PF devices"): decode every device→server packet kind with the
// original's exact loc_id rules and error reason strings (embereye-reference.md §1, §2), and encode
// them for virtual devices. Pure: no I/O. Decoding is on the server's hot path, so hex is parsed with
// a lookup table and frames can decode into a caller-owned buffer.
import type { MalformedReason } from './metric-names.ts';

export const CMD_PERIODIC_ON = 'PERIODIC_ON'; // exactly 11 bytes, no newline (async server on connect)
export const CMD_PERIOD_ON = 'PERIOD_ON\n';
export const CMD_EEPROM1 = 'EEPROM1\n';
export const CMD_REQUEST1 = 'REQUEST1\n';

export const FRAME_ROWS = 24;
export const FRAME_COLS = 32;
export const FRAME_CELLS = 768;
export const FRAME_TAIL_WORDS = 66;
export const FRAME_HEX_CHARS = 3336;
export const FRAME_LEGACY_HEX_CHARS = 3072;
export const EEPROM_HEX_CHARS = 3328;
const TAIL_HEX_CHARS = FRAME_TAIL_WORDS * 4;
/** The conversion the original hard-codes: °C = s16/100 + 27 (+ offset). */
export const CELSIUS_BASE = 27;
/** Offsets outside ±100 °C are rejected by the original (real tail word 0 is 0x4CCF = 196.63). */
export const MAX_ABS_OFFSET_C = 100;

export type FrameForm = 'hex3336' | 'hex3072' | 'words768';

export type SensorPacket =
  | { readonly kind: 'serialno'; readonly serial: string; readonly locId: string }
  | { readonly kind: 'locid'; readonly locId: string }
  | { readonly kind: 'eeprom'; readonly frameId: string; readonly locId: string; readonly offsetC: number | null }
  | {
      readonly kind: 'frame';
      readonly locId: string;
      readonly form: FrameForm;
      /** hex3336: °C (s16/100 + 27 + offsetC). Legacy forms: raw integers, no conversion (as the original). */
      readonly values: Float64Array;
      readonly maxValue: number;
      /** Offset from a valid embedded tail (264 hex, ≥ 7 non-zero words, word 0 within ±100 °C), else null. */
      readonly tailOffsetC: number | null;
    }
  | {
      readonly kind: 'sensor';
      readonly locId: string;
      readonly fields: Readonly<Record<string, number>>;
      /** ADC1·100/4095; null when ADC1 is missing or 0 (the original tests `if adc1:`). */
      readonly smokePct: number | null;
      /** ADC2·100/4095; null when ADC2 is missing. */
      readonly flamePct: number | null;
      /** MPY30 (1 = flame detected); null when missing. */
      readonly flameDigital: number | null;
      /** TS= field: the device's send time in epoch µs (our extension; harmless to the original). */
      readonly sentUs: number | null;
      /** SEQ= field: per-device sequence number (our extension). */
      readonly seq: number | null;
      /** TOKEN= field (optional auth). Kept as text; numeric tokens stay parseable by the original. */
      readonly token: string | null;
    };

export type DecodeResult =
  | { readonly ok: true; readonly packet: SensorPacket }
  | { readonly ok: false; readonly reason: string; readonly malformed: MalformedReason; readonly locId: string };

/** The original async server's error reason templates (§1.4), for simulators' malformed-packet faults. */
export const ORIGINAL_ERROR_REASONS = [
  'frame no colon',
  'frame count {n}',
  'frame length {n}',
  'frame parse error {e}',
  'sensor no colon',
  'EEPROM parse error: Invalid EEPROM data size: {n} chars, expected 3328',
  'EEPROM parse error: Invalid EEPROM packet: missing colon separator',
  'EEPROM parse error: EEPROM parse exception: {e}',
  'unknown packet type',
  'parsing exception {e}',
] as const;

// ---- hex helpers -------------------------------------------------------------------------------

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[65 + i] = 10 + i;
  HEX_VALUE[97 + i] = 10 + i;
}

/** Parse 4 hex chars at `at` as an unsigned 16-bit word; -1 if any char is not hex. */
function hexWordAt(s: string, at: number): number {
  const a = s.charCodeAt(at);
  const b = s.charCodeAt(at + 1);
  const c = s.charCodeAt(at + 2);
  const d = s.charCodeAt(at + 3);
  if ((a | b | c | d) >= 128) return -1;
  const va = HEX_VALUE[a] as number;
  const vb = HEX_VALUE[b] as number;
  const vc = HEX_VALUE[c] as number;
  const vd = HEX_VALUE[d] as number;
  if ((va | vb | vc | vd) < 0) return -1;
  return (va << 12) | (vb << 8) | (vc << 4) | vd;
}

function s16(word: number): number {
  return word > 0x7fff ? word - 0x10000 : word;
}

/** Python's `int(tok, 16)` on a whitespace-split token: optional sign, optional 0x, hex digits. */
function parsePythonHexInt(tok: string): number | undefined {
  const m = /^([+-]?)(?:0[xX])?([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)$/.exec(tok);
  if (!m) return undefined;
  const v = parseInt((m[2] as string).replaceAll('_', ''), 16);
  return m[1] === '-' ? -v : v;
}

function pyInvalidHex(tok: string): string {
  return `invalid literal for int() with base 16: '${tok}'`;
}

function rstripBang(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 33) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Python `str.rstrip(chars)`. */
function rstripChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1] as string)) end--;
  return s.slice(0, end);
}

function fail(reason: string, malformed: MalformedReason, locId: string): DecodeResult {
  return { ok: false, reason, malformed, locId };
}

// ---- loc_id rules (§1.2) -----------------------------------------------------------------------

/**
 * Split `content` (line without '#', trailing '!' removed) into loc_id and data, the same way for
 * `frame` and `Sensor`: a longer prefix carries the loc_id (`#frame1234:` → "1234"); otherwise a
 * second ':' in the data separates it; otherwise the client IP.
 */
function splitLocId(content: string, word: string, clientIp: string): { locId: string; data: string } | undefined {
  const colon = content.indexOf(':');
  if (colon === -1) return undefined;
  const prefix = content.slice(0, colon);
  let data = content.slice(colon + 1);
  let locId: string;
  if (prefix.length > word.length) locId = prefix.slice(word.length);
  else {
    const second = data.indexOf(':');
    if (second !== -1) {
      locId = data.slice(0, second);
      data = data.slice(second + 1);
    } else locId = clientIp;
  }
  return { locId, data };
}

// ---- decoders ----------------------------------------------------------------------------------

export interface DecodeOptions {
  /** Per-device temperature offset (°C) added to hex3336 frames; the original used one process-global value. */
  readonly offsetC?: number;
  /** Reuse this buffer for frame values (length 768) to avoid an allocation per frame on the hot path. */
  readonly into?: Float64Array;
}

/**
 * Decode one line (already split on '\n' and stripped of surrounding whitespace). Dispatch is by
 * case-sensitive prefix in the original's order; every failure carries its exact reason string.
 */
export function decodeSensorLine(line: string, clientIp: string, options: DecodeOptions = {}): DecodeResult {
  if (line.startsWith('#serialno:')) {
    const serial = rstripBang(line.slice(line.indexOf(':') + 1)).trim();
    return { ok: true, packet: { kind: 'serialno', serial, locId: clientIp } };
  }
  if (line.startsWith('#locid:')) {
    return { ok: true, packet: { kind: 'locid', locId: rstripBang(line.slice(7)).trim() } };
  }
  if (line.startsWith('#EEPROM')) return decodeEeprom(line, clientIp);
  if (line.startsWith('#frame')) return decodeFrame(line, clientIp, options);
  if (line.startsWith('#Sensor')) return decodeSensor(line, clientIp);
  return fail('unknown packet type', 'unknown-packet-type', clientIp);
}

function decodeEeprom(line: string, clientIp: string): DecodeResult {
  const content = rstripChars(line.slice(7), '!\r\n');
  const colon = content.indexOf(':');
  if (colon === -1) return fail('EEPROM parse error: Invalid EEPROM packet: missing colon separator', 'eeprom-parse', clientIp);
  const frameId = content.slice(0, colon);
  const data = content.slice(colon + 1);
  if (data.length !== EEPROM_HEX_CHARS) {
    return fail(`EEPROM parse error: Invalid EEPROM data size: ${data.length} chars, expected ${EEPROM_HEX_CHARS}`, 'eeprom-length', clientIp);
  }
  const word0 = hexWordAt(data, 0);
  if (word0 < 0) return fail(`EEPROM parse error: EEPROM parse exception: ${pyInvalidHex(data.slice(0, 4))}`, 'eeprom-parse', clientIp);
  const offset = s16(word0) / 100;
  const locId = frameId.length > 0 ? frameId : clientIp;
  return { ok: true, packet: { kind: 'eeprom', frameId, locId, offsetC: Math.abs(offset) <= MAX_ABS_OFFSET_C ? offset : null } };
}

function decodeFrame(line: string, clientIp: string, options: DecodeOptions): DecodeResult {
  const content = rstripBang(line.slice(1));
  const split = splitLocId(content, 'frame', clientIp);
  if (!split) return fail('frame no colon', 'frame-parse', clientIp);
  const { locId, data } = split;
  const values = options.into && options.into.length === FRAME_CELLS ? options.into : new Float64Array(FRAME_CELLS);

  if (data.includes(' ')) {
    const tokens = data.split(/\s+/).filter((t) => t.length > 0);
    if (tokens.length !== FRAME_CELLS) return fail(`frame count ${tokens.length}`, 'frame-count', locId);
    let max = -Infinity;
    for (let i = 0; i < FRAME_CELLS; i++) {
      const tok = tokens[i] as string;
      const v = parsePythonHexInt(tok);
      if (v === undefined) return fail(`parsing exception ${pyInvalidHex(tok)}`, 'frame-parse', locId);
      values[i] = v;
      if (v > max) max = v;
    }
    return { ok: true, packet: { kind: 'frame', locId, form: 'words768', values, maxValue: max, tailOffsetC: null } };
  }

  if (data.length === FRAME_LEGACY_HEX_CHARS) {
    let max = -Infinity;
    for (let i = 0; i < FRAME_CELLS; i++) {
      const w = hexWordAt(data, i * 4);
      if (w < 0) return fail(`parsing exception ${pyInvalidHex(data.slice(i * 4, i * 4 + 4))}`, 'frame-parse', locId);
      values[i] = w;
      if (w > max) max = w;
    }
    return { ok: true, packet: { kind: 'frame', locId, form: 'hex3072', values, maxValue: max, tailOffsetC: null } };
  }

  if (data.length === FRAME_HEX_CHARS) {
    const offset = options.offsetC ?? 0;
    let max = -Infinity;
    for (let i = 0; i < FRAME_CELLS; i++) {
      const w = hexWordAt(data, i * 4);
      if (w < 0) return fail(`frame parse error ${pyInvalidHex(data.slice(i * 4, i * 4 + 4))}`, 'frame-parse', locId);
      const c = s16(w) / 100 + CELSIUS_BASE + offset;
      values[i] = c;
      if (c > max) max = c;
    }
    return { ok: true, packet: { kind: 'frame', locId, form: 'hex3336', values, maxValue: max, tailOffsetC: tailOffset(data, FRAME_LEGACY_HEX_CHARS) } };
  }
  return fail(`frame length ${data.length}`, 'frame-length', locId);
}

/** §2: a tail is valid when it is 264 hex chars with at least 7 non-zero words; its word 0 is an offset. */
function tailOffset(data: string, at: number): number | null {
  if (data.length - at !== TAIL_HEX_CHARS) return null;
  let nonZero = 0;
  for (let i = 0; i < FRAME_TAIL_WORDS; i++) {
    const w = hexWordAt(data, at + i * 4);
    if (w < 0) return null;
    if (w !== 0) nonZero++;
  }
  if (nonZero < 7) return null;
  const offset = s16(hexWordAt(data, at)) / 100;
  return Math.abs(offset) <= MAX_ABS_OFFSET_C ? offset : null;
}

/**
 * Hot path: almost every value on the wire is plain ASCII digits (ADC readings, TS, SEQ). Parse those
 * from char codes and leave signs, spaces and underscores (which Python's int() also accepts) to the
 * regex. Returns -1 when the fast path does not apply. 15 digits stay exact in a double.
 */
function plainDigits(raw: string): number {
  const n = raw.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const INT_RE = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const FLOAT_RE = /^\s*[+-]?(?:\d+(?:_\d+)*\.?\d*(?:_\d+)*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function decodeSensor(line: string, clientIp: string): DecodeResult {
  const content = rstripBang(line.slice(1));
  const split = splitLocId(content, 'Sensor', clientIp);
  if (!split) return fail('sensor no colon', 'sensor-parse', clientIp);
  const { locId, data } = split;
  const fields: Record<string, number> = {};
  let token: string | null = null;
  for (const part of data.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue; // the original ignores parts without '='
    const key = rstripChars(part.slice(0, eq).trim(), ':');
    const raw = part.slice(eq + 1);
    if (key === 'TOKEN') {
      token = raw.trim();
      continue;
    }
    if (raw.includes('.')) {
      if (!FLOAT_RE.test(raw)) return fail(`parsing exception could not convert string to float: '${raw}'`, 'sensor-parse', locId);
      fields[key] = Number(raw.replaceAll('_', ''));
    } else {
      const fast = plainDigits(raw);
      if (fast >= 0) fields[key] = fast;
      else if (!INT_RE.test(raw)) return fail(`parsing exception invalid literal for int() with base 10: '${raw}'`, 'sensor-parse', locId);
      else fields[key] = Number(raw.replaceAll('_', ''));
    }
  }
  const adc1 = fields['ADC1'];
  const adc2 = fields['ADC2'];
  const packet: SensorPacket = {
    kind: 'sensor',
    locId,
    fields,
    smokePct: adc1 ? (adc1 * 100) / 4095 : null,
    flamePct: adc2 === undefined ? null : (adc2 * 100) / 4095,
    flameDigital: fields['MPY30'] ?? null,
    sentUs: fields['TS'] ?? null,
    seq: fields['SEQ'] ?? null,
    token,
  };
  return { ok: true, packet };
}

// ---- encoders (device side) --------------------------------------------------------------------

const HEX_DIGITS = '0123456789ABCDEF';
const WORD_HEX: string[] = [];
for (let w = 0; w < 0x10000; w++) {
  WORD_HEX.push(HEX_DIGITS[(w >> 12) & 15]! + HEX_DIGITS[(w >> 8) & 15]! + HEX_DIGITS[(w >> 4) & 15]! + HEX_DIGITS[w & 15]!);
}

/** Uppercase 4-char hex of a 16-bit word (two's complement for negatives). */
export function wordToHex(word: number): string {
  return WORD_HEX[word & 0xffff] as string;
}

/** °C → the device's word: round((c − 27)·100) as 16-bit two's complement. */
export function celsiusToWord(c: number): number {
  return Math.round((c - CELSIUS_BASE) * 100) & 0xffff;
}

// The real device's 66-word frame tail (capture, frame 1). Word 0 is 0x4CCF = 196.63 °C, outside
// ±100, so the original ignores it as an offset: temperatures are never shifted. The original
// simulator's random tails shifted them by up to +99 °C (a bug we do not reproduce).
const REAL_TAIL_HEX =
  '4CCF19A47FFF19A47FFF19A37FFF19A3FFBBCD421684D79FFFF60008FFFE0000197703F702617FFF197603F702617FFF0001000100010001000100010001000106697FFF19A47FFF19A47FFF19A37FFFFFBEF4D4CF84D6CE0008FFFAFFFEFFFF00F8003D274E003A00F8003D274E003A0001000100010001000100010001000100010001';

// The real device's EEPROM1 reply payload (3328 hex; word 0 = 0x00B0 = +1.76 °C).
export const REAL_EEPROM_HEX = '00B0999F000020610004032003E0021C5626618B048D0000190100000000BE334210FFBF13130203F202E1F2D1E1A0C11223F113E0F3D0E2C0E3C1D3C1D4A2D379A631C2EDBB110F332233330012CCEFEEDD00FF2211333222331122EF00BCDD16A62FA22D53A17A433309CA3734313223520C7413BE0320EC00F3009EC52558082EFC9E140EEC5C042E00501FEEF42E03DE07F01B4EF36E000E031E16FEF2FE0710F74E17A0F3BEFF60FB700BB0EB8EF432F3E00BD0E89EF0F0EC700AF2E7400862F8CEF05C04900472FCAEF83C08700022004EFBAC0BC00060FF7EF75E0B5E0762F79EF40E0C1003C2FBCEEC0E0BD0F872F83EF02E04E0FD32F4F0F3CE07D20400F86013FEEC3E0040FC60101EF01EF83EFC3E1790EFAEFC5EFF401360E79CFB90F39E0C3EE81EFBC0FB900BC0E7CEF422F3E00BF0E0CEF4E2F4720440DC6E07B2F42EF3BC03F0FC00F82EF3EC0BE0F800FC0EF77E0780FC32FF1EF34C038EFF72F36EEC0E07FEFFA2FB60EF9E0790FFE4FBB0F3AE0080FCA2F830EC2EFC920BA0FFF20FC0EFEE0810FC5017D0F03E0002000213A0EBFE0080FF900BAEE7AEFBF0F7900C5EF3FEFBE0FF800002EBBEF802F3E00BB0E480F4B2F0600420E0D01B5007A0FB7C139017D2040E039E100013D20FDE037C0FC00C52076EFB7E0F8E0BC20360FC1C1BC00FB20B50F7DE17800FC40790FF6E103008620010FBD00C9017300BA02340FBAE0FD00C001820FC0E0800086023D0F7FE08800B801B90F79E07D003B01850F82E07B00B9013E0FB6007E203A01760F810FC80F8321BC2EC801362FFC0FB6E0BD00402FC30F06E0C400442FC9EF41C083000D203C0F7EE0FDE0020FBFEF09C0C6007F207D0EC2E13900424FFE0FB9E104000B2F860FBE004A00F300B901F40F7B00BE008201FFEFC30082004901FE0F40E08700BC017BEF3EE03F007A01470F84EFC1000020C10F7B003F203C21772F04E0060FC2213D2EC700752F7B0EF6CFFD0FC12F45EEC1C0450FC52F8CEF01C043000B2FBFEEFFE0410FC22FBD0ECAE0860FC42F820E44E0BE00022FBE0F39004600084F840EFF0009016F20B421B20FB6017900BE01BE0F8100430045217BEF7E00C9207C013CEF3CE03D2FBF0103EF80E03D207D20FB0F77E03B2FFB00F10F000F820FBD20F70E84017020350F73E0F7017A203F0F80E14200842047EFFDE0FF010A207E0F7DC0FD00BF2FC00F85E18100BF4FBF0F7DE17800FC403BEFF201012083203E0FF800850032007621350F38E07B200300C30F040002004801010EC40F4E0FC200FE0F3C0FBF0FBE00890EC7EF7F0FFD20BD0F38EFFC2FF920F52F3E003F003A00F72EC200322F360EB5E038007B2F430E82E08400022FC80EC0E0440F8F2F820EFEE0BC0FC02FBE0EC9E0870FFF4FFD0EFDE0F8007C40390F35013E00BF207A0F7700C22031013621F0003600BB00C221BE0000204000C621BF0F80004A013A217CEFBC003E007C0145003F003C00F9013C0FF700B920F521B12FBD007F20BC21B52F810FF12FB50F6FE0B6007A2F820F3CE0FF007F20050F3EE0FF004920780F3BE0FB003C203A0F43E17E00BB20B80F3BE17600F840B40FF001BD213F20BB0FF401402131213641740FF700FB0082217B0FFF0FC300852139EF40004820F820FA0F7C003C007A01030FFF003B013421390FF5007820B720B50FBF0FC0007D20BA0F8400782FBD0EBAE07D00012F480E81E0862F892F8B0F3FEFC6000E203D0E80E04100022FFF0EC9E105004140BA0EFE013B00BF403D0F790105008720040F4100CB0FBB0081207E0F7F0F43004920C20F460F840089213F0F010FC900BC20FC0F3E0FFB207C20C50F820FFB20FA20BC0FB80FFF20BC20BB2F840FC8208220812F8B0FF92F7F0E7BE0BD2F812F860EFFE0840FC020050F3CE0FE004620780F38E0FA00B820780F41E1BE00F841360F78E1B600FD40F90FB901C2210741000F80020A2E7B00004FFA0EFE0EC00004203E0EC20EFE000320B60EF80F01E07220730EF20F732FB6207C0FF40F74207420742F330F77207520762FBE0F452080207E2F4A0F412F460E7FE0830FC52F890E82E0870FC300070F7AE13C004520F50F37E17520B620790FBF0278213841380FB90237217C417A0FFB0284218A41852004024D2F8700CC40460F490FCAE0CC20850F890F46010540BBEFFB2044013720B6EFB7003900F72101003F007921B720FC203A0F81213F20400FCC2F51014C400500070EC52E890D44EF870F060F490DC2EFC60F022FC10EB7E037004020330EB1E073003520330EFDE1BB00F521330F3901B720BF40BD0F3D0149008F210A0F7B01BD0';

export function validTailWords(): Uint16Array {
  const out = new Uint16Array(FRAME_TAIL_WORDS);
  for (let i = 0; i < FRAME_TAIL_WORDS; i++) out[i] = hexWordAt(REAL_TAIL_HEX, i * 4);
  return out;
}

/** `#frame<loc>:<3336 hex>!` — 768 grid words (°C) then the 66-word tail. No line terminator. */
export function encodeFrameLine(locId: string, celsius: ArrayLike<number>, tailWords: ArrayLike<number> = validTailWords()): string {
  if (celsius.length !== FRAME_CELLS) throw new RangeError(`encodeFrameLine: celsius must have ${FRAME_CELLS} cells, got ${celsius.length}`);
  if (tailWords.length !== FRAME_TAIL_WORDS) throw new RangeError(`encodeFrameLine: tailWords must have ${FRAME_TAIL_WORDS} words, got ${tailWords.length}`);
  const parts: string[] = new Array(FRAME_CELLS + FRAME_TAIL_WORDS);
  for (let i = 0; i < FRAME_CELLS; i++) parts[i] = wordToHex(celsiusToWord(celsius[i] as number));
  for (let i = 0; i < FRAME_TAIL_WORDS; i++) parts[FRAME_CELLS + i] = wordToHex(tailWords[i] as number);
  return `#frame${locId}:${parts.join('')}!`;
}

/** Legacy frame forms (raw integers, no °C conversion): 3072 hex or 768 space-separated words. */
export function encodeLegacyFrameLine(locId: string, rawWords: ArrayLike<number>, form: 'hex3072' | 'words768'): string {
  if (rawWords.length !== FRAME_CELLS) throw new RangeError(`encodeLegacyFrameLine: need ${FRAME_CELLS} words, got ${rawWords.length}`);
  const parts = Array.from({ length: FRAME_CELLS }, (_, i) => wordToHex(rawWords[i] as number));
  return form === 'hex3072' ? `#frame:${locId}:${parts.join('')}!` : `#frame:${locId}:${parts.join(' ')}!`;
}

/** `#Sensor<loc>:K=V,…!` in the given key order (the real device: ADC1, ADC2, ADC3:, DIO). */
export function encodeSensorLine(locId: string, fields: Readonly<Record<string, number | string>>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `#Sensor${locId}:${body}!`;
}

/** `#EEPROM<id>:<3328 hex>!`; word 0 carries the offset (centi-°C), the rest the real device's words. */
export function encodeEepromLine(frameId: string, offsetC: number, otherWords?: ArrayLike<number>): string {
  const first = wordToHex(Math.round(offsetC * 100));
  let rest: string;
  if (otherWords) {
    if (otherWords.length !== EEPROM_HEX_CHARS / 4 - 1) throw new RangeError(`encodeEepromLine: otherWords must have ${EEPROM_HEX_CHARS / 4 - 1} words`);
    rest = Array.from({ length: otherWords.length }, (_, i) => wordToHex(otherWords[i] as number)).join('');
  } else rest = REAL_EEPROM_HEX.slice(4);
  return `#EEPROM${frameId}:${first}${rest}!`;
}

export function encodeSerialLine(serial: string): string {
  return `#serialno:${serial}!`;
}

export function encodeLocIdLine(locId: string): string {
  return `#locid:${locId}!`;
}
