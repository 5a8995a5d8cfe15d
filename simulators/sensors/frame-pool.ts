// Thermal frames, encoded once. A small pool of realistic ambient frames (24–27 °C: a gentle
// gradient plus per-cell noise, the real device's tail so temperatures are never shifted) is shared
// by every device: a send writes the device's own `#frame<loc>:` prefix and then a pooled body, so
// no hex is encoded per tick. Hot-spot incidents get a private copy with only the hot cells patched.
import { encodeFrameLine, celsiusToWord, wordToHex, FRAME_COLS, FRAME_ROWS, FRAME_CELLS } from '../../protocol/sensor-packets.ts';
import type { Random } from '../core/prng.ts';

export const CRLF = Buffer.from('\r\n');
/** `#frame:` — what encodeFrameLine('') puts before the hex; the pooled body starts after it. */
const EMPTY_LOC_PREFIX_LENGTH = '#frame:'.length;

export interface FramePool {
  /** Bodies: `<3336 hex>!\r\n`, immutable (sockets may still hold them in their write queue). */
  readonly bodies: readonly Buffer[];
  /** The °C grid each body encodes (for tests and hot-spot patching). */
  readonly celsius: readonly Float64Array[];
}

export function ambientFrame(random: Random, baseC: number): Float64Array {
  const cells = new Float64Array(FRAME_CELLS);
  for (let r = 0; r < FRAME_ROWS; r++) {
    for (let c = 0; c < FRAME_COLS; c++) {
      // Warmer towards the ceiling rows, like a room; noise ±0.25 °C; clamp to the 24–27 °C band.
      const gradient = ((FRAME_ROWS - r) / FRAME_ROWS) * 0.8 + (c / FRAME_COLS) * 0.3;
      const noise = (random() - 0.5) * 0.5;
      cells[r * FRAME_COLS + c] = Math.min(27, Math.max(24, baseC + gradient + noise));
    }
  }
  return cells;
}

export function buildFramePool(random: Random, size = 16): FramePool {
  const bodies: Buffer[] = [];
  const celsius: Float64Array[] = [];
  for (let i = 0; i < size; i++) {
    const grid = ambientFrame(random, 24.6 + random() * 0.8);
    const line = encodeFrameLine('', grid);
    bodies.push(Buffer.concat([Buffer.from(line.slice(EMPTY_LOC_PREFIX_LENGTH), 'latin1'), CRLF]));
    celsius.push(grid);
  }
  return { bodies, celsius };
}

export function framePrefix(locId: string): Buffer {
  return Buffer.from(`#frame${locId}:`, 'latin1');
}

/** A private copy of `body` with `cells` set to `tempC` (4 hex chars patched per cell). */
export function patchHotCells(body: Buffer, cells: readonly number[], tempC: number): Buffer {
  const copy = Buffer.from(body);
  const hex = wordToHex(celsiusToWord(tempC));
  for (const cell of cells) copy.write(hex, cell * 4, 'latin1');
  return copy;
}

/** A 3×3 block of cells centred at a position derived from `key` (stable per incident). */
export function hotSpotCells(key: string): number[] {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  const row = 1 + (h % (FRAME_ROWS - 2));
  const col = 1 + ((h >>> 8) % (FRAME_COLS - 2));
  const cells: number[] = [];
  for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) cells.push((row + dr) * FRAME_COLS + col + dc);
  return cells;
}
