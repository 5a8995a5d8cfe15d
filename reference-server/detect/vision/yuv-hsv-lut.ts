// Classifies a YUV420 sample (Y, U, V) as "fire", "smoke" or neither, exactly as the original's
// OpenCV rule would after decoding to BGR and converting to 8-bit HSV (H 0–179):
//   fire  = inRange(hsv, [0,100,100], [40,255,255])
//   smoke = inRange(hsv, [0,0,180],   [180,60,255])
// The conversion runs once per (Y,U,V) into a 16 MiB lookup table, so the per-pixel cost on the hot
// path is one memory read. Layout is ((U<<8 | V) << 8) | Y: the four pixels of a 2×2 chroma block
// share U,V and therefore read the same 256-byte row (one cache line region per block).
// The table can live in a SharedArrayBuffer so worker threads share one copy.

export const CLASS_NONE = 0;
export const CLASS_FIRE = 1;
export const CLASS_SMOKE = 2;

export const LUT_BYTES = 256 * 256 * 256;

/** BT.601 limited range (what swscale/OpenCV use for SD H.264 by default), rounded and clamped like cv::cvtColor. */
export function yuvToRgb(y: number, u: number, v: number): [number, number, number] {
  const c = 1.164383 * (y - 16);
  const d = u - 128;
  const e = v - 128;
  return [clamp8(c + 1.596027 * e), clamp8(c - 0.391762 * d - 0.812968 * e), clamp8(c + 2.017232 * d)];
}

/** Inverse of yuvToRgb (used by tests and synthetic frames). */
export function rgbToYuv(r: number, g: number, b: number): [number, number, number] {
  const y = 16 + 0.256788 * r + 0.504129 * g + 0.097906 * b;
  const u = 128 - 0.148223 * r - 0.290993 * g + 0.439216 * b;
  const v = 128 + 0.439216 * r - 0.367788 * g - 0.071427 * b;
  return [clamp8(y), clamp8(u), clamp8(v)];
}

function clamp8(x: number): number {
  const r = Math.round(x);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

/** OpenCV COLOR_BGR2HSV for 8-bit images: H in 0..179 (degrees/2), S and V in 0..255. */
export function rgbToHsv8(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const diff = max - min;
  const s = max === 0 ? 0 : Math.round((255 * diff) / max);
  let hDeg = 0;
  if (diff !== 0) {
    if (max === r) hDeg = (60 * (g - b)) / diff;
    else if (max === g) hDeg = 120 + (60 * (b - r)) / diff;
    else hDeg = 240 + (60 * (r - g)) / diff;
    if (hDeg < 0) hDeg += 360;
  }
  const h = Math.round(hDeg / 2);
  return [h >= 180 ? h - 180 : h, s, max];
}

export function classifyHsv(h: number, s: number, v: number): number {
  if (h <= 40 && s >= 100 && v >= 100) return CLASS_FIRE;
  if (s <= 60 && v >= 180) return CLASS_SMOKE;
  return CLASS_NONE;
}

export function classifyYuv(y: number, u: number, v: number): number {
  const [r, g, b] = yuvToRgb(y, u, v);
  const [h, s, val] = rgbToHsv8(r, g, b);
  return classifyHsv(h, s, val);
}

export function lutIndex(y: number, u: number, v: number): number {
  return (((u << 8) | v) << 8) | y;
}

/** Builds the table (≈16.7 M conversions, a few hundred ms once per process). */
export function buildYuvClassLut(shared = false): Uint8Array {
  const lut = new Uint8Array(shared ? new SharedArrayBuffer(LUT_BYTES) : new ArrayBuffer(LUT_BYTES));
  for (let u = 0; u < 256; u++) {
    for (let v = 0; v < 256; v++) {
      const row = ((u << 8) | v) << 8;
      for (let y = 0; y < 256; y++) lut[row | y] = classifyYuv(y, u, v);
    }
  }
  return lut;
}

let cached: Uint8Array | undefined;

/** One table per thread unless a shared one is handed in (see setSharedYuvClassLut). */
export function yuvClassLut(): Uint8Array {
  cached ??= buildYuvClassLut(false);
  return cached;
}

export function setSharedYuvClassLut(lut: Uint8Array): void {
  if (lut.length !== LUT_BYTES) throw new RangeError(`YUV class table must be ${LUT_BYTES} bytes, got ${lut.length}`);
  cached = lut;
}
